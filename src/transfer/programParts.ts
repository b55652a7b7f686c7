/** Python shared by the reader and the writer (programs.ts says what each does). */

/** Both programs: whether [off, off+n) lies in a hole (`next_data` caches the next data offset; a write resets it). */
export const HOLES = String.raw`
# Holes of a sparse file read as zeros without reading them (SEEK_DATA); a block device has
# none to report, so every chunk of it is read.
def seek_data(fd, off):
    try:
        return os.lseek(fd, off, os.SEEK_DATA)
    except OSError as e:
        return size if e.errno == errno.ENXIO else off
    except AttributeError:
        return off
# One caller's cache: it assumes offsets that only grow (a thread of its own keeps its own).
next_data = -1
def in_hole(fd, off, n):
    global next_data
    if next_data < off:
        next_data = seek_data(fd, off)
    return next_data >= off + n`;

/** Both programs: F_SETPIPE_SZ — a 1 MiB pipe instead of 64 KiB, so a 4 MiB chunk crosses in a few reads, not 64 wake-ups. */
export const PIPES = String.raw`
def grow_pipe(pipe_fd):
    try:
        import fcntl
        fcntl.fcntl(pipe_fd, 1031, 1 << 20)
    except (OSError, ImportError):
        pass  # not a pipe, not Linux, or above the user's pipe-max-size: the default still works`;

/**
 * Both programs: the device mapped read-only, so a chunk is hashed where it lies in the page
 * cache instead of being copied into the process first, and os.splice (Python ≥ 3.10) where it
 * exists, so the reader's chunks go into the pipe and the writer's onto the device without
 * passing through Python's memory. Both programs run the same without it (one copy more).
 */
export const ZERO_COPY = String.raw`
zero_digests = {}
def zero_of(n):
    if n not in zero_digests:
        zero_digests[n] = hashlib.sha256(bytes(n)).digest()
    return zero_digests[n]
# A chunk's sha256, hashed where it lies in the mapping; a chunk known to be a hole is not read.
def digest_at(mm, off, n, hole=False):
    return zero_of(n) if hole else hashlib.sha256(memoryview(mm)[off:off + n]).digest()
# A device shorter than the copy would fault (SIGBUS) where the mapping passes its end: refused
# first, saying both sizes.
def mapped(fd, dev):
    have = os.lseek(fd, 0, os.SEEK_END)
    if have < size:
        sys.exit('%s holds %d bytes, fewer than the %d to copy' % (dev, have, size))
    return mmap.mmap(fd, size, mmap.MAP_SHARED, mmap.PROT_READ)
# By name: mmap.madvise and its constants are Python 3.8's; before, the advice is skipped.
def advise(mm, name, off, n):
    how = getattr(mmap, name, None)
    if how is not None and hasattr(mm, 'madvise') and off < size and off % mmap.PAGESIZE == 0:
        mm.madvise(how, off, min(n, size - off))
# Ask for the next chunk now, so a cold disk reads ahead instead of faulting 4 KiB at a time.
def prefetch(mm, off, n):
    advise(mm, 'MADV_WILLNEED', off, n)
# Done with a chunk: unmap its pages from this process, so they do not add up over a long copy.
def release(mm, off, n):
    advise(mm, 'MADV_DONTNEED', off, n)
can_splice = c.get('splice', True) and hasattr(os, 'splice')
# What splice may answer where a file system or device does not support it: copy instead.
NO_SPLICE = (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV)`;
