import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { verifyEventLog } from '../../src/events/verify.js';
import { recordLocations, writeLog, type RecordLocation } from './fixture.js';

/** A small deterministic generator, so a failure names a byte that can be tried again. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function withFileEdited(file: string, edit: (bytes: Buffer) => Buffer, check: () => Promise<void>): Promise<void> {
  const original = await readFile(file);
  await writeFile(file, edit(Buffer.from(original)));
  try {
    await check();
  } finally {
    await writeFile(file, original);
  }
}

void describe('tamper evidence (events verify)', () => {
  it('names the position of the record holding any flipped byte', async () => {
    const dir = await writeLog(40, 2048);
    const records = await recordLocations(dir);
    const clean = await verifyEventLog(dir);
    assert.equal(clean.ok, true);
    assert.equal(clean.count, 40);
    const random = lcg(5);
    // Every byte of the first and last records (headers included), plus random bytes anywhere.
    const targets: Array<[RecordLocation, number]> = [];
    for (const r of [records[0]!, records[records.length - 1]!]) for (let b = 0; b < r.bytes; b += 3) targets.push([r, b]);
    for (let i = 0; i < 120; i++) {
      const r = records[Math.floor(random() * records.length)]!;
      targets.push([r, Math.floor(random() * r.bytes)]);
    }
    for (const [record, byte] of targets) {
      await withFileEdited(record.file, (bytes) => {
        bytes[record.offset + byte]! ^= 1 << Math.floor(random() * 8);
        return bytes;
      }, async () => {
        const report = await verifyEventLog(dir);
        assert.equal(report.ok, false, `flip at record ${record.position} byte ${byte} went unnoticed`);
        assert.equal(report.problem?.position, record.position, `flip at record ${record.position} byte ${byte}: ${report.problem?.reason}`);
      });
    }
  });

  it('detects a removed record and two swapped records', async () => {
    const dir = await writeLog(20, 1 << 20);
    const records = await recordLocations(dir);
    const [a, b] = [records[7]!, records[8]!];
    await withFileEdited(a.file, (bytes) => Buffer.concat([bytes.subarray(0, a.offset), bytes.subarray(a.offset + a.bytes)]), async () => {
      const report = await verifyEventLog(dir);
      assert.equal(report.ok, false);
      assert.equal(report.problem?.position, 7);
    });
    await withFileEdited(a.file, (bytes) => Buffer.concat([
      bytes.subarray(0, a.offset),
      bytes.subarray(b.offset, b.offset + b.bytes),
      bytes.subarray(a.offset, a.offset + a.bytes),
      bytes.subarray(b.offset + b.bytes),
    ]), async () => {
      const report = await verifyEventLog(dir);
      assert.equal(report.ok, false);
      assert.equal(report.problem?.position, 7);
    });
  });

  it('detects a record rewritten with a fresh checksum, through the hash chain', async () => {
    const dir = await writeLog(10, 1 << 20);
    const records = await recordLocations(dir);
    const target = records[4]!;
    const { encodeFrame } = await import('../../src/events/frame.js');
    await withFileEdited(target.file, (bytes) => {
      const payload = Buffer.from(bytes.subarray(target.offset + 12, target.offset + target.bytes));
      const edited = Buffer.from(payload.toString('latin1').replace('net-4', 'evil4'), 'latin1');
      return Buffer.concat([bytes.subarray(0, target.offset), encodeFrame(edited), bytes.subarray(target.offset + target.bytes)]);
    }, async () => {
      const report = await verifyEventLog(dir);
      assert.equal(report.ok, false);
      assert.equal(report.problem?.position, 5, 'the next record no longer links to the edited one');
      assert.match(report.problem?.reason ?? '', /hash chain/);
    });
  });
});
