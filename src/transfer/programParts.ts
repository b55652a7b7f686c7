/** Python shared by the reader and the writer (programs.ts says what each does). */

/** Both programs: whether [off, off+n) lies in a hole (`next_data` caches the next data offset; a write resets it). */
export const HOLES = String.raw`
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
export const PIPES = String.raw`
def grow_pipe(pipe_fd):
    try:
        import fcntl
        fcntl.fcntl(pipe_fd, 1031, 1 << 20)
    except (OSError, ImportError):
        pass  # not a pipe, not Linux, or above the user's pipe-max-size: the default still works`;
