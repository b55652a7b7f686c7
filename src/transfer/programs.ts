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
 *   source's pinned host key), writes each chunk at its offset, hashes what the device then
 *   holds there and compares it with the source's sha256, makes sure a zero chunk reads as
 *   zeros, fsyncs and then reports the verified offset as a JSON line — so a reported offset is
 *   durable and a resume may start there. In delta
 *   mode a second thread hashes the destination's chunks in place and streams the digests to
 *   the reader (through the same SSH session), ahead of the records coming back.
 * Both also compute the whole-device digest: sha256 over the per-chunk sha256s in order (the
 * prefix before a resume point is read and hashed in place on each host). The destination's is
 * built from what it read back, the source's from what it read, so a missing, reordered or
 * altered chunk anywhere makes them differ — without a second full read of either device.
 * Both map their device and hash each chunk where it lies in the page cache, and with os.splice
 * (Python ≥ 3.10) the chunks go from the source's page cache into the pipe and from the pipe
 * into the destination's without passing through either program: the bytes are copied by the
 * kernel and SSH only. Per 2 GiB that halved the writer's system time and made the whole copy
 * use about a tenth less CPU than before (bench/transfer.bench.ts).
 */

import { READER } from './readerProgram.js';
import { WRITER } from './writerProgram.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A shell command running one of the programs with its JSON configuration (both base64: quote-proof). */
function command(program: string, config: Record<string, unknown>): string {
  return `python3 -c "import base64;exec(base64.b64decode('${b64(program)}'))" ${b64(JSON.stringify(config))}`;
}

/** `splice: false`: plain reads and writes, as on Python < 3.10 (os.splice is newer). */
export const readerCommand = (config: { device: string; size: number; chunk: number; start: number; rate?: number; delta?: boolean; splice?: boolean }) => command(READER, config);
export const writerCommand = (config: { device: string; size: number; chunk: number; start: number; ssh: string[]; delta?: boolean; splice?: boolean }) => command(WRITER, config);
