/**
 * Writes a stream to a file leaving holes where whole blocks are zeros, as a real image store on
 * a thin filesystem would hold a raw disk image: a 20 GiB volume uploaded to the simulated Glance
 * costs only its data on the test machine's disk (its bytes, size and hashes are unchanged).
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

const BLOCK = 64 * 1024;

const ZEROS = Buffer.alloc(BLOCK);
const isZero = (block: Buffer): boolean => block.equals(ZEROS.subarray(0, block.length));

export function sparseFileWriter(path: string): Writable {
  const fd = openSync(path, 'w');
  let offset = 0;
  let closed = false;
  const close = () => {
    if (!closed) closeSync(fd);
    closed = true;
  };
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        for (let i = 0; i < chunk.length; i += BLOCK) {
          const block = chunk.subarray(i, Math.min(chunk.length, i + BLOCK));
          if (!isZero(block)) writeSync(fd, block, 0, block.length, offset);
          offset += block.length;
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    final(done) {
      try {
        ftruncateSync(fd, offset);
        close();
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    destroy(err, done) {
      close();
      done(err);
    },
  });
}
