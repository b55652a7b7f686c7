/** The reader, run on the source conversion host (programs.ts says what it does). */
import { HOLES, PIPES, ZERO_COPY } from './programParts.js';

export const READER = String.raw`
import sys, os, errno, json, base64, hashlib, struct, time, threading, queue, mmap
c = json.loads(base64.b64decode(sys.argv[1]))
dev, size, chunk, start, rate = c['device'], c['size'], c['chunk'], c['start'], c.get('rate') or 0
delta = c.get('delta', False)
${HOLES}
${PIPES}
${ZERO_COPY}
grow_pipe(1)
theirs = sys.stdin.buffer
fd = os.open(dev, os.O_RDONLY)
mm = mapped(fd, dev)
def write_all(data):
    data = memoryview(data)
    while data:
        data = data[os.write(1, data):]
# With splice a chunk's pages go from the page cache into the pipe by reference; without it
# (Python < 3.10, or a device that refuses) they are written from the mapping: one copy.
def send(off, n):
    global can_splice
    moved = 0
    while can_splice and moved < n:
        try:
            k = os.splice(fd, 1, n - moved, offset_src=off + moved)
        except OSError as e:
            if moved or e.errno not in NO_SPLICE:
                raise
            can_splice = False
            break
        if k == 0:
            raise EOFError('short read at byte %d of %s' % (off + moved, dev))
        moved += k
    if moved < n:
        write_all(memoryview(mm)[off:off + n])
def digest(off, n):
    """The chunk's sha256 and whether it is all zeros (a zero chunk's digest says so)."""
    d = digest_at(mm, off, n, in_hole(fd, off, n))
    return d, d == zero_of(n)
# A thread hashes ahead while the main thread sends the previous chunks: sha256 releases the GIL,
# so the disk, the hash and the pipe overlap instead of taking turns. It owns the whole-device
# digest (chunks are hashed in order); 4 chunks ahead keeps it close to what is being sent.
ahead = queue.Queue(4)
def read_ahead():
    whole = hashlib.sha256()
    try:
        off = 0
        while off < size:
            n = min(chunk, size - off)
            # Only where the next chunk holds data: read ahead in a hole, the kernel would fill
            # the page cache with zeros (a sparse 20 GiB volume: 20 GiB of them).
            if off + n < size and seek_data(fd, off + n) < off + n + chunk:
                prefetch(mm, off + n, chunk)
            d, is_zero = digest(off, n)
            whole.update(d)
            if off >= start:
                ahead.put((off, n, d, is_zero))
            off += n
        ahead.put(whole.digest())
    except BaseException as e:
        ahead.put(e)
threading.Thread(target=read_ahead, daemon=True).start()
t0 = time.monotonic(); paced = 0
while True:
    item = ahead.get()
    if isinstance(item, BaseException):
        sys.exit(str(item))
    if isinstance(item, bytes):
        write_all(b'E' + item)
        break
    off, n, d, is_zero = item
    if delta:
        h = theirs.read(32)
        if len(h) < 32:
            sys.exit('the destination stopped sending chunk digests at byte %d' % off)
    if delta and h == d:
        write_all(b'S' + struct.pack('>QI', off, n))
    elif is_zero:
        write_all(b'Z' + struct.pack('>QI', off, n))
    else:
        if rate > 0:
            paced += n
            wait = paced / rate - (time.monotonic() - t0)
            if wait > 0:
                time.sleep(wait)
        write_all(b'D' + struct.pack('>QI', off, n) + d)
        send(off, n)
        release(mm, off, n)
`;
