/**
 * The pieces under the loader: YAML parsing with positions, cron and time-zone checks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inCidr } from '../../src/desired/addressChecks.js';
import { cronError, durationMs, isTimeZone } from '../../src/desired/cron.js';
import type { Problem } from '../../src/desired/problem.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleRepoDir } from '../../src/paths.js';
import { lineAt, locate, parseYamlFile, toPointer, fromPointer } from '../../src/desired/yamlFile.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseYamlFile', () => {
  it('locates values and keys by path', () => {
    const problems: Problem[] = [];
    const file = parseYamlFile('f.yaml', bytes('a:\n  list:\n    - x: 1\n    - x: 2\n      y: [3, 4]\n'), problems)!;
    assert.deepEqual(problems, []);
    assert.deepEqual(locate(file, ['a', 'list', 1, 'x']), { line: 4, column: 10 });
    assert.deepEqual(locate(file, ['a', 'list', 1, 'y'], { key: true }), { line: 5, column: 7 });
    assert.deepEqual(locate(file, ['a', 'list', 1, 'y', 1]), { line: 5, column: 14 });
    // A path that goes further than the document stops at the deepest node found.
    assert.deepEqual(locate(file, ['a', 'list', 0, 'missing']), { line: 3, column: 7 });
  });

  it('records the same lines on the fast path as the syntax tree has', () => {
    const dir = join(exampleRepoDir(), 'snapshots');
    let checked = 0;
    for (const name of readdirSync(dir)) {
      const problems: Problem[] = [];
      const file = parseYamlFile(name, readFileSync(join(dir, name)), problems)!;
      assert.equal(file.tree, undefined, 'a valid file is not parsed twice');
      const resources = (file.value as { resources: { params: unknown }[] }).resources;
      resources.forEach((resource, i) => {
        assert.equal(lineAt(file, ['resources', i]), locate(file, ['resources', i]).line, `${name} resource ${i}`);
        assert.equal(lineAt(file, ['resources', i, 'params']), locate(file, ['resources', i, 'params']).line, `${name} params ${i}`);
        checked++;
      });
    }
    assert.ok(checked >= 30);
  });

  it('takes the slow path for anchors and still reads them', () => {
    const problems: Problem[] = [];
    const file = parseYamlFile('f.yaml', bytes('base: &b {x: 1}\ncopy: *b\nschedule: "*/5 * * * *"\n'), problems)!;
    assert.deepEqual(problems, []);
    assert.ok(file.tree, 'parsed by the position-keeping parser');
    assert.deepEqual(file.value, { base: { x: 1 }, copy: { x: 1 }, schedule: '*/5 * * * *' });
  });

  it('reports the position of the first invalid UTF-8 byte', () => {
    const problems: Problem[] = [];
    const raw = new Uint8Array([...bytes('a: 1\nb: "x'), 0xe2, 0x28, 0xa1, ...bytes('"\n')]);
    assert.equal(parseYamlFile('f.yaml', raw, problems), undefined);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.line, 2);
    assert.equal(problems[0]?.column, 6);
    assert.match(problems[0]!.message, /offset 10/);
  });

  it('rejects overlong encodings and surrogates, accepts multi-byte text', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const problems: Problem[] = [];
      parseYamlFile('f.yaml', new Uint8Array([0x61, 0x3a, 0x20, ...bad]), problems);
      assert.match(problems[0]?.message ?? '', /not valid UTF-8 \(first bad byte at offset 3\)/, `bytes ${bad.join(',')}`);
    }
    const problems: Problem[] = [];
    const file = parseYamlFile('f.yaml', bytes('name: "Zürich 東京 🚀"\n'), problems);
    assert.deepEqual(problems, []);
    assert.deepEqual(file?.value, { name: 'Zürich 東京 🚀' });
  });

  it('stops an alias bomb quickly', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const problems: Problem[] = [];
    const started = performance.now();
    const file = parseYamlFile('bomb.yaml', bytes(lines.join('\n')), problems);
    assert.ok(performance.now() - started < 1000, 'no exponential expansion');
    assert.equal(file?.value, undefined);
    assert.match(problems[0]?.message ?? '', /cannot be expanded/);
  });

  it('reports unknown tags as problems', () => {
    const problems: Problem[] = [];
    parseYamlFile('f.yaml', bytes('x: !!python/object:os.system echo\n'), problems);
    assert.match(problems[0]?.message ?? '', /Unresolved tag/);
  });

  it('escapes JSON pointers both ways', () => {
    const path = ['mappings', 'networks', 'a/b~c'];
    assert.equal(toPointer(path), '/mappings/networks/a~1b~0c');
    assert.deepEqual(fromPointer(toPointer(path)), path);
  });
});

describe('cronError', () => {
  it('accepts usual schedules', () => {
    for (const ok of ['0 22 * * 1-5', '*/15 * * * *', '0 2 * * sat', '30 1 1,15 * *', '0 0 * jan-mar mon-fri', '0 0 * * 7', '5-55/10 * * * *']) {
      assert.equal(cronError(ok), undefined, ok);
    }
  });
  it('says which field is wrong', () => {
    assert.match(cronError('0 22 * *') ?? '', /has 4 fields/);
    assert.match(cronError('61 * * * *') ?? '', /minute field '61': 61 is outside 0-59/);
    assert.match(cronError('0 0 0 * *') ?? '', /day of month field '0'/);
    assert.match(cronError('0 0 * 13 *') ?? '', /month field '13'/);
    assert.match(cronError('0 0 * * funday') ?? '', /day of week field 'funday': 'funday' is not a number or name/);
    assert.match(cronError('0 5-1 * * *') ?? '', /runs backwards/);
    assert.match(cronError('*/0 * * * *') ?? '', /step '0'/);
  });
});

describe('time zones and durations', () => {
  it('knows IANA zones and refuses others', () => {
    assert.equal(isTimeZone('UTC'), true);
    assert.equal(isTimeZone('Europe/Berlin'), true);
    assert.equal(isTimeZone('America/Argentina/Buenos_Aires'), true);
    assert.equal(isTimeZone('Europe/Hamburg'), false);
    assert.equal(isTimeZone('+01:00'), false);
    assert.equal(isTimeZone(''), false);
  });
  it('turns durations into milliseconds', () => {
    assert.equal(durationMs('4h'), 4 * 3600_000);
    assert.equal(durationMs('90m'), 90 * 60_000);
    assert.equal(durationMs('1h30m'), 90 * 60_000);
    assert.equal(durationMs('soon'), 0);
  });
});

describe('inCidr', () => {
  it('decides IPv4 and IPv6 membership and leaves invalid addresses to their own problem', () => {
    assert.equal(inCidr('10.10.1.1', '10.10.1.0/24'), true);
    assert.equal(inCidr('10.10.2.1', '10.10.1.0/24'), false);
    assert.equal(inCidr('192.168.255.255', '192.168.0.0/16'), true);
    assert.equal(inCidr('8.8.8.8', '0.0.0.0/0'), true);
    assert.equal(inCidr('10.0.0.5', '10.0.0.4/30'), true);
    assert.equal(inCidr('10.0.0.8', '10.0.0.4/30'), false);
    assert.equal(inCidr('fd00::1', 'fd00::/64'), true);
    assert.equal(inCidr('fd01::1', 'fd00::/64'), false);
    assert.equal(inCidr('10.0.0.1', 'fd00::/64'), false, 'another family is outside');
    assert.equal(inCidr('10.0.0.1', '10.999.0.0/24'), undefined, 'an invalid CIDR is reported on its own');
    assert.equal(inCidr('10.0.0.300', '10.0.0.0/24'), undefined);
  });
});
