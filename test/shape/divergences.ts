/**
 * Prints the simulator's current divergences from the recorded real cloud, per section; with
 * `--write`, rewrites test/shape/known-divergences.ts with them (review the diff before committing).
 *
 *   node --import tsx test/shape/divergences.ts [--write] [section ...]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/index.js';
import { simDivergences } from './helpers/compareSim.js';
import { sections } from './helpers/sections/index.js';
import { knownDivergences } from './known-divergences.js';

const args = process.argv.slice(2);
const write = args.includes('--write');
const wanted = args.filter((a) => !a.startsWith('--'));
const sim = await startSimulator();
const result: Record<string, string[]> = { ...knownDivergences };
try {
  for (const section of wanted.length > 0 ? wanted : Object.keys(sections)) {
    result[section] = await simDivergences(sim, section);
    console.log(`${section}: ${result[section]!.length} divergence(s)`);
    for (const line of result[section]!) console.log(`  ${line}`);
  }
} finally {
  await sim.close();
}
if (write) {
  const file = join(import.meta.dirname, 'known-divergences.ts');
  const head = (await readFile(file, 'utf8')).split('export const knownDivergences')[0];
  const body = Object.entries(result).filter(([, lines]) => lines.length > 0)
    .map(([section, lines]) => `  ${section}: [\n${lines.map((l) => `    ${JSON.stringify(l)},`).join('\n')}\n  ],`).join('\n');
  await writeFile(file, `${head}export const knownDivergences: Record<string, string[]> = {\n${body}\n};\n`);
  console.log(`wrote ${file}`);
}
