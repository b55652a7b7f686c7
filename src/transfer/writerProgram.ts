/** The writer, run on the destination conversion host (programs.ts says what it does). */
import { HOLES, PIPES } from './programParts.js';

export const WRITER = String.raw`
import sys, os, errno, json, base64, hashlib, struct, subprocess, threading, queue, time
c = json.loads(base64.b64decode(sys.argv[1]))
dev, size, chunk, start = c['device'], c['size'], c['chunk'], c['start']
delta = c.get('delta', False)
fd = os.open(dev, os.O_RDWR)
${HOLES}
${PIPES}
def is_zero(off, n):
    return in_hole(fd, off, n) or os.pread(fd, n, off) == bytes(n)
zero_digest = {}
def zero_of(n):
    if n not in zero_digest:
        zero_digest[n] = hashlib.sha256(bytes(n)).digest()
    return zero_digest[n]
whole = hashlib.sha256()
off = 0
while off < start:
    n = min(chunk, size - off)
    data = b'' if in_hole(fd, off, n) else os.pread(fd, n, off)
    whole.update(zero_of(n) if not data or data == bytes(n) else hashlib.sha256(data).digest())
    off += n
# Unbuffered: the receiving thread reads straight into its chunk buffers (no BufferedReader copy).
p = subprocess.Popen(c['ssh'], stdout=subprocess.PIPE, stdin=subprocess.PIPE if delta else None, bufsize=0)
inp = p.stdout
grow_pipe(inp.fileno())
# Delta mode: the digest of each chunk the destination holds, by offset, as sent to the reader.
# A chunk is hashed before the reader can answer for it, so before the loop below writes it.
local = {}
def send_digests():
    hfd = os.open(dev, os.O_RDONLY)
    nd, o = -1, start
    try:
        while o < size:
            n = min(chunk, size - o)
            if nd < o:
                try:
                    nd = os.lseek(hfd, o, os.SEEK_DATA)
                except OSError as e:
                    nd = size if e.errno == errno.ENXIO else o
            data = b'' if nd >= o + n else os.pread(hfd, n, o)
            local[o] = zero_of(n) if not data or data == bytes(n) else hashlib.sha256(data).digest()
            p.stdin.write(local[o])
            p.stdin.flush()
            o += n
        p.stdin.close()
    except OSError:
        pass
    finally:
        os.close(hfd)
if delta:
    threading.Thread(target=send_digests, daemon=True).start()
# A thread receives the records into a few reused chunk buffers while the main thread writes,
# reads back and hashes the previous one (all of which release the GIL), so the network and the
# disk overlap. 'free' holds the buffers not in use: 4 bound the memory to 4 chunks.
records = queue.Queue()
free = queue.Queue()
for _ in range(4):
    free.put(bytearray(chunk))
def fill(view):
    got = 0
    while got < len(view):
        k = inp.readinto(view[got:])
        if not k:
            return False
        got += k
    return True
def readn(n):
    b = bytearray(n)
    return bytes(b) if fill(memoryview(b)) else None
def receive():
    try:
        while True:
            t = readn(1)
            if t == b'E':
                records.put(('E', readn(32)))
                return
            head = readn(12) if t else None
            if head is None:
                records.put(('EOF',))
                return
            off, n = struct.unpack('>QI', head)
            if t != b'D':
                records.put((t.decode(), off, n))
                continue
            h = readn(32)
            buf = free.get()
            if h is None or n > len(buf) or not fill(memoryview(buf)[:n]):
                records.put(('EOF',))
                return
            records.put(('D', off, n, h, buf))
    except BaseException as e:
        records.put(('ERR', e))
threading.Thread(target=receive, daemon=True).start()
# The reporting thread fsyncs and then reports the offset verified before that fsync began, so a
# reported offset is durable; the main loop does not stop for the flush (on a real disk an fsync
# of half a second's writes takes a while, and the pipe would stall behind it).
progress = (start, 0, 0, 0)  # verified, sent, skipped, unchanged: replaced whole, read whole
def report(state, extra=None):
    os.fsync(fd)
    line = dict(zip(('verified', 'sent', 'skipped', 'unchanged'), state))
    line.update(extra or {})
    print(json.dumps(line), flush=True)
done = threading.Event()
def report_every_half_second():
    while not done.wait(0.5):
        report(progress)
reporter = threading.Thread(target=report_every_half_second, daemon=True)
reporter.start()
back = bytearray(chunk)
verified, sent, skipped, unchanged = start, 0, 0, 0
while True:
    r = records.get()
    if r[0] == 'E':
        source_digest = r[1]
        break
    if r[0] in ('EOF', 'ERR'):
        p.wait()
        why = r[1] if r[0] == 'ERR' else 'ssh exit %s' % p.returncode
        sys.exit('the source stopped sending at byte %d (%s)' % (verified, why))
    t, off, n = r[0], r[1], r[2]
    if off != verified:
        sys.exit('out of order: got byte %d, expected %d' % (off, verified))
    mine = local.pop(off, None)
    if t == 'S':
        if mine is None:
            sys.exit('the source called byte %d unchanged before its digest was sent' % off)
        whole.update(mine)
        unchanged += n
    elif t == 'Z':
        if not is_zero(off, n):
            os.pwrite(fd, bytes(n), off)
            next_data = -1
        whole.update(zero_of(n))
        skipped += n
    else:
        h, buf = r[3], r[4]
        data = memoryview(buf)[:n]
        w = 0
        while w < n:
            w += os.pwrite(fd, data[w:], off + w)
        next_data = -1
        free.put(buf)
        # The check reads the chunk back from the device (into its own buffer, not the one sent)
        # and hashes what it read: a short or misplaced write or a device refusing it shows here.
        got = memoryview(back)[:n]
        if os.preadv(fd, [got], off) != n or hashlib.sha256(got).digest() != h:
            sys.exit('checksum mismatch at byte %d after writing' % off)
        # Start writing the checked chunk to the disk now (DONTNEED writes dirty pages back
        # without waiting, then drops them): the disk works all along instead of in a burst at
        # each fsync, which then has little left to wait for.
        os.posix_fadvise(fd, off, n, os.POSIX_FADV_DONTNEED)
        whole.update(h)
        sent += n
    verified = off + n
    progress = (verified, sent, skipped, unchanged)
done.set()
reporter.join()
report(progress, {'source': source_digest.hex(), 'destination': whole.hexdigest()})
p.wait()
if p.returncode != 0:
    sys.exit('ssh to the source exited %d' % p.returncode)
`;
