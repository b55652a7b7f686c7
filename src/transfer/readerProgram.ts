/** The reader, run on the source conversion host (programs.ts says what it does). */
import { HOLES, PIPES } from './programParts.js';

export const READER = String.raw`
import sys, os, errno, json, base64, hashlib, struct, time, threading, queue
c = json.loads(base64.b64decode(sys.argv[1]))
dev, size, chunk, start, rate = c['device'], c['size'], c['chunk'], c['start'], c.get('rate') or 0
delta = c.get('delta', False)
${HOLES}
${PIPES}
out = sys.stdout.buffer
grow_pipe(1)
theirs = sys.stdin.buffer
zero = bytes(chunk)
zero_digest = {}
fd = os.open(dev, os.O_RDONLY)
def read(off, n):
    if in_hole(fd, off, n):
        return zero if n == chunk else bytes(n)
    data = os.pread(fd, n, off)
    if len(data) < n:
        # A short read (rare on a file or block device): finish it, or stop at the device's end.
        parts, got = [data], len(data)
        while got < n:
            more = os.pread(fd, n - got, off + got)
            if not more:
                raise EOFError('short read at byte %d of %s' % (off + got, dev))
            parts.append(more)
            got += len(more)
        data = b''.join(parts)
    return data
def digest(data, n):
    if data == (zero if n == chunk else bytes(n)):
        if n not in zero_digest:
            zero_digest[n] = hashlib.sha256(data).digest()
        return zero_digest[n], True
    return hashlib.sha256(data).digest(), False
# A thread reads and hashes ahead while the main thread writes the previous chunks to SSH: pread
# and sha256 release the GIL, so the disk, the hash and the pipe overlap instead of taking turns.
# It owns the whole-device digest (chunks are hashed in order); 4 chunks ahead bounds the memory.
ahead = queue.Queue(4)
def read_ahead():
    whole = hashlib.sha256()
    try:
        off = 0
        while off < size:
            n = min(chunk, size - off)
            data = read(off, n)
            d, is_zero = digest(data, n)
            whole.update(d)
            if off >= start:
                ahead.put((off, n, data, d, is_zero))
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
        out.write(b'E' + item)
        break
    off, n, data, d, is_zero = item
    if delta:
        h = theirs.read(32)
        if len(h) < 32:
            sys.exit('the destination stopped sending chunk digests at byte %d' % off)
    if delta and h == d:
        out.write(b'S' + struct.pack('>QI', off, n))
    elif is_zero:
        out.write(b'Z' + struct.pack('>QI', off, n))
    else:
        if rate > 0:
            paced += n
            wait = paced / rate - (time.monotonic() - t0)
            if wait > 0:
                time.sleep(wait)
        out.write(b'D' + struct.pack('>QI', off, n) + d)
        out.write(data)
out.flush()
`;
