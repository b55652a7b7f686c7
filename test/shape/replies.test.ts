/**
 * Response shapes: runs the same probe script the recorder ran against a real OpenStack, now
 * against the simulator, and compares every reply with its recorded fixture (status, content
 * type, headers of interest, JSON field names and types, and chosen values such as error types).
 *
 * The simulator's known divergences are listed in known-divergences.ts; each section must show
 * exactly those. A new divergence fails the test (fix the simulator); a fixed one fails it too
 * (delete its line, or regenerate the list with `node --import tsx test/shape/divergences.ts --write`),
 * so the list only ever shrinks and always says where the simulator still lies.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { simDivergences } from './helpers/compareSim.js';
import { sections } from './helpers/sections/index.js';
import { knownDivergences } from './known-divergences.js';

let sim: Simulator;
before(async () => { sim = await startSimulator(); });
after(async () => { await sim?.close(); });

for (const section of Object.keys(sections)) {
  test(`simulator replies match the real cloud's: ${section}`, async () => {
    const actual = await simDivergences(sim, section, (line) => console.log(`# ${line}`));
    const known = [...(knownDivergences[section] ?? [])].sort();
    const added = actual.filter((d) => !known.includes(d));
    const fixed = known.filter((d) => !actual.includes(d));
    assert.deepEqual({ added, fixed }, { added: [], fixed: [] },
      `${section}: "added" are new divergences from the real cloud (fix src/simulator/); ` +
      `"fixed" no longer occur (delete them from test/shape/known-divergences.ts)`);
  });
}
