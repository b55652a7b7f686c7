/** The writer, run on the destination conversion host (programs.ts says what it does). */
import { HOLES, PIPES, ZERO_COPY } from './programParts.js';

export const WRITER = String.raw`
import sys, os, errno, json, base64, hashlib, struct, subprocess, threading, queue, time, mmap
c = json.loads(base64.b64decode(sys.argv[1]))
dev, size, chunk, start = c['device'], c['size'], c['chunk'], c['start']
delta = c.get('delta', False)
fd = os.open(dev, os.O_RDWR)
${HOLES}
${PIPES}
${ZERO_COPY}
mm = mapped(fd, dev)
whole = hashlib.sha256()
off = 0
while off < start:
    n = min(chunk, size - off)
    whole.update(digest_at(mm, off, n, in_hole(fd, off, n)))
    off += n
# Unbuffered: headers are read exactly, and the data goes from the pipe to the device.
p = subprocess.Popen(c['ssh'], stdout=subprocess.PIPE, stdin=subprocess.PIPE if delta else None, bufsize=0)
inp = p.stdout
grow_pipe(inp.fileno())
# Delta mode: the digest of each chunk the destination holds, by offset, as sent to the reader.
# A chunk is hashed before the reader can answer for it, so before the receiver below writes it.
local = {}
def send_digests():
    nd, o = -1, start
    try:
        while o < size:
            n = min(chunk, size - o)
            if nd < o:
                nd = seek_data(fd, o)
            local[o] = digest_at(mm, o, n, nd >= o + n)
            p.stdin.write(local[o])
            p.stdin.flush()
            o += n
        p.stdin.close()
    except OSError:
        pass
if delta:
    threading.Thread(target=send_digests, daemon=True).start()
buf = memoryview(bytearray(chunk))
def readn(n):
    b = bytearray(n)
    got = 0
    while got < n:
        k = inp.readinto(memoryview(b)[got:])
        if not k:
            return None
        got += k
    return bytes(b)
# The stream's next n bytes onto the device at off: with splice from the pipe straight into the
# page cache, else through one buffer. False when the stream ends first.
def receive(off, n):
    global can_splice
    got = 0
    while can_splice and got < n:
        try:
            k = os.splice(inp.fileno(), fd, n - got, offset_dst=off + got)
        except OSError as e:
            if got or e.errno not in NO_SPLICE:
                raise
            can_splice = False
            break
        if not k:
            return False
        got += k
    while got < n:
        k = inp.readinto(buf[:min(len(buf), n - got)])
        if not k:
            return False
        w = 0
        while w < k:
            w += os.pwrite(fd, buf[w:k], off + got + w)
        got += k
    return True
# A thread receives the records and puts their bytes on the device while the main thread checks
# the previous chunks (hashing releases the GIL), so the network and the hash overlap. 8 chunks
# ahead at most: the check is never far behind the writes.
records = queue.Queue(8)
def receiver():
    global next_data
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
            if t == b'D':
                h = readn(32)
                if h is None or n > chunk or not receive(off, n):
                    records.put(('EOF',))
                    return
                next_data = -1
                records.put(('D', off, n, h))
                continue
            if t == b'Z' and not (in_hole(fd, off, n) or os.pread(fd, n, off) == bytes(n)):
                os.pwrite(fd, bytes(n), off)
                next_data = -1
            records.put((t.decode(), off, n))
    except BaseException as e:
        records.put(('ERR', e))
threading.Thread(target=receiver, daemon=True).start()
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
        whole.update(zero_of(n))
        skipped += n
    else:
        # The check hashes what the device now holds at the chunk's place (the page cache the
        # write went to), not what was received: a short or misplaced write shows here.
        if digest_at(mm, off, n) != r[3]:
            sys.exit('checksum mismatch at byte %d after writing' % off)
        # Start writing the checked chunk to the disk now (DONTNEED writes dirty pages back
        # without waiting, then drops them): the disk works all along instead of in a burst at
        # each fsync, which then has little left to wait for.
        release(mm, off, n)
        os.posix_fadvise(fd, off, n, os.POSIX_FADV_DONTNEED)
        whole.update(r[3])
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
