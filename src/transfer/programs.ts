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

const READER = String.raw`
import sys, os, errno, json, base64, hashlib, struct, time
c = json.loads(base64.b64decode(sys.argv[1]))
dev, size, chunk, start, rate = c['device'], c['size'], c['chunk'], c['start'], c.get('rate') or 0
delta = c.get('delta', False)
${HOLES}
out = sys.stdout.buffer
theirs = sys.stdin.buffer
zero = bytes(chunk)
zero_digest = {}
whole = hashlib.sha256()
f = open(dev, 'rb', buffering=0)
def read(off, n):
    if in_hole(f.fileno(), off, n):
        return zero if n == chunk else bytes(n)
    f.seek(off)
    data = b''
    while len(data) < n:
        more = f.read(n - len(data))
        if not more:
            sys.exit('short read at byte %d of %s' % (off + len(data), dev))
        data += more
    return data
def digest(data, n):
    if data == (zero if n == chunk else bytes(n)):
        if n not in zero_digest:
            zero_digest[n] = hashlib.sha256(data).digest()
        return zero_digest[n], True
    return hashlib.sha256(data).digest(), False
off = 0
while off < start:
    n = min(chunk, size - off)
    whole.update(digest(read(off, n), n)[0])
    off += n
t0 = time.monotonic(); paced = 0
while off < size:
    n = min(chunk, size - off)
    data = read(off, n)
    d, is_zero = digest(data, n)
    whole.update(d)
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
            ahead = paced / rate - (time.monotonic() - t0)
            if ahead > 0:
                time.sleep(ahead)
        out.write(b'D' + struct.pack('>QI', off, n) + d)
        out.write(data)
    off += n
out.write(b'E' + whole.digest())
out.flush()
`;

const WRITER = String.raw`
import sys, os, errno, json, base64, hashlib, struct, subprocess, threading, time
c = json.loads(base64.b64decode(sys.argv[1]))
dev, size, chunk, start = c['device'], c['size'], c['chunk'], c['start']
delta = c.get('delta', False)
fd = os.open(dev, os.O_RDWR)
${HOLES}
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
verified, sent, skipped, unchanged, last = start, 0, 0, 0, 0.0
p = subprocess.Popen(c['ssh'], stdout=subprocess.PIPE, stdin=subprocess.PIPE if delta else None, bufsize=1 << 20)
inp = p.stdout
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
def readn(n):
    b = inp.read(n)
    if b is None or len(b) < n:
        p.wait()
        sys.exit('the source stopped sending at byte %d (ssh exit %s)' % (verified, p.returncode))
    return b
def report(extra=None):
    os.fsync(fd)
    line = {'verified': verified, 'sent': sent, 'skipped': skipped, 'unchanged': unchanged}
    line.update(extra or {})
    print(json.dumps(line), flush=True)
while True:
    t = readn(1)
    if t == b'E':
        source_digest = readn(32)
        break
    off, n = struct.unpack('>QI', readn(12))
    if off != verified:
        sys.exit('out of order: got byte %d, expected %d' % (off, verified))
    mine = local.pop(off, None)
    if t == b'S':
        if mine is None:
            sys.exit('the source called byte %d unchanged before its digest was sent' % off)
        whole.update(mine)
        unchanged += n
    elif t == b'Z':
        if not is_zero(off, n):
            os.pwrite(fd, bytes(n), off)
            next_data = -1
        whole.update(zero_of(n))
        skipped += n
    else:
        h = readn(32)
        data = readn(n)
        os.pwrite(fd, data, off)
        next_data = -1
        if hashlib.sha256(os.pread(fd, n, off)).digest() != h:
            sys.exit('checksum mismatch at byte %d after writing' % off)
        whole.update(h)
        sent += n
    verified = off + n
    now = time.monotonic()
    if now - last > 0.5:
        report()
        last = now
report({'source': source_digest.hex(), 'destination': whole.hexdigest()})
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
