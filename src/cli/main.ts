/**
 * The `stackshift` entry point: picks the verb, lazy-loads its command, maps errors to exit
 * codes. Argument parsing of each verb lives in that verb's file.
 */
import { commands } from '../commands/index.js';
import { formatError, isStackshiftError, UsageError } from '../errors.js';
import { processOutput } from '../wiring.js';

/** The version in package.json, so a release never prints a stale hard-coded one. */
async function packageVersion(): Promise<string> {
  const [{ readFile }, { join }, { packageRoot }] = await Promise.all([import('node:fs/promises'), import('node:path'), import('../paths.js')]);
  return (JSON.parse(await readFile(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['usage: stackshift <command> [options]', '', 'commands:', ...lines, '', 'Run `stackshift <command> --help` for the options of one command; `stackshift --version` prints the version.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const output = processOutput();
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    output.out(usage());
    return verb === undefined ? 2 : 0;
  }
  if (verb === '--version' || verb === '-V') {
    output.out(`stackshift ${await packageVersion()}`);
    return 0;
  }
  const entry = commands[verb];
  try {
    if (!entry) throw new UsageError(`unknown command '${verb}'`, `one of: ${Object.keys(commands).join(', ')}`);
    const command = await entry.load();
    return await command.run(rest, output);
  } catch (err) {
    output.err(formatError(err));
    if (process.env.STACKSHIFT_DEBUG && err instanceof Error && err.stack) output.err(err.stack);
    return isStackshiftError(err) ? err.exitCode : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${formatError(err)}\n`);
    process.exitCode = 1;
  },
);
