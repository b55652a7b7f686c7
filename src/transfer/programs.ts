/**
 * The two small programs that move a volume's bytes between conversion hosts, in Python 3 (which
 * every conversion-host image has; nothing else is installed). They are sent with the command,
 * base64-encoded, so nothing needs deploying and no quoting can break them.
 *
 * reader (source host): reads the device from an offset in fixed chunks and writes records to
 *   stdout: 'Z' off len for an all-zero chunk (no data crosses), 'D' off len sha256 data
 *   otherwise, 'E' at the end; it paces itself to a byte rate when given one. In delta mode (a
 *   warm migration's later pass, the destination already holding an earlier one) it first reads
 *   the destination's digest of each chunk from stdin and writes 'S' off len when its own is the
 *   same: an unchanged chunk's bytes never cross.
 * writer (destination host): starts the reader over SSH (OpenSSH client, the transfer key, the
 *   source's pinned host key), writes each chunk at its offset, reads it back and compares its
 *   sha256, makes sure a zero chunk reads as zeros, fsyncs and then reports the verified offset
 *   as a JSON line — so a reported offset is durable and a resume may start there. In delta
 *   mode a second thread hashes the destination's chunks in place and streams the digests to
 *   the reader (through the same SSH session), ahead of the records coming back.
 * Both also compute the whole-device digest: sha256 over the per-chunk sha256s in order (the
 * prefix before a resume point is read and hashed in place on each host). The destination's is
 * built from what it read back, the source's from what it read, so a missing, reordered or
 * altered chunk anywhere makes them differ — without a second full read of either device.
 */

/** Both programs: whether [off, off+n) lies in a hole (`next_data` caches the next data offset; a write resets it). */
const HOLES = String.raw`
# Holes of a sparse file read as zeros without reading them (SEEK_DATA); a block device has
# none to report, so every chunk of it is read.
next_data = -1
def in_hole(fd, off, n):
    global next_data
    if next_data < off:
        try:
            next_data = os.lseek(fd, off, os.SEEK_DATA)
        except OSError as e:
            next_data = size if e.errno == errno.ENXIO else off
        except AttributeError:
            next_data = off
    return next_data >= off + n`;

/** Both programs: F_SETPIPE_SZ — a 1 MiB pipe instead of 64 KiB, so a 4 MiB chunk crosses in a few reads, not 64 wake-ups. */
const PIPES = String.raw`
def grow_pipe(pipe_fd):
    try:
        import fcntl
        fcntl.fcntl(pipe_fd, 1031, 1 << 20)
    except (OSError, ImportError):
        pass  # not a pipe, not Linux, or above the user's pipe-max-size: the default still works`;

const READER = String.raw`
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

const WRITER = String.raw`
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

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A shell command running one of the programs with its JSON configuration (both base64: quote-proof). */
function command(program: string, config: Record<string, unknown>): string {
  return `python3 -c "import base64;exec(base64.b64decode('${b64(program)}'))" ${b64(JSON.stringify(config))}`;
}

export const readerCommand = (config: { device: string; size: number; chunk: number; start: number; rate?: number; delta?: boolean }) => command(READER, config);
export const writerCommand = (config: { device: string; size: number; chunk: number; start: number; ssh: string[]; delta?: boolean }) => command(WRITER, config);
