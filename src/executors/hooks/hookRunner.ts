/**
 * Runs a reclaim.yaml scale-out hook. The repository only names the hook; the executable of that
 * name lives in the hooks directory on the machine stackshift runs on (STACKSHIFT_HOOKS_DIR, else
 * `<state dir>/hooks`), so whoever can merge to the repository cannot run commands there. It gets
 * the node as JSON on stdin (host, stage, Ironic properties and ports, the BMC's address and
 * password reference — never a password) and STACKSHIFT_NODE_HOST in its environment; its output
 * is kept only as a short tail for an error message, and the step's abort signal stops it.
 */
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReclaimNode } from '../../desired/configModel.js';
import { codes, StackshiftError } from '../../errors.js';
import type { HookResult, HookRunner } from '../../workflows/node/steps/context.js';

const TAIL_LINES = 10;

export function hookRunner(options: { dir: string; env?: NodeJS.ProcessEnv }): HookRunner {
  return {
    async run(name: string, node: ReclaimNode, signal: AbortSignal): Promise<HookResult> {
      const path = join(options.dir, name);
      await access(path, constants.X_OK).catch(() => {
        throw new StackshiftError(codes.STEP_FAILED, `scale-out hook '${name}' is not an executable in ${options.dir}`, {
          retry: 'never', hint: `install it as ${path} (chmod +x) on the machine stackshift runs on, or point STACKSHIFT_HOOKS_DIR at its directory; push a commit to retry`,
        });
      });
      return new Promise((resolve, reject) => {
        const child = spawn(path, [], { cwd: options.dir, env: { ...(options.env ?? process.env), STACKSHIFT_NODE_HOST: node.host }, stdio: ['pipe', 'pipe', 'pipe'], signal });
        let output = '';
        const keep = (chunk: Buffer) => {
          output = (output + chunk.toString('utf8')).split('\n').slice(-TAIL_LINES - 1).join('\n');
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        child.on('error', (err) => reject(signal.aborted ? signal.reason : err));
        child.on('close', (code, sig) => resolve({ exitCode: code ?? (sig ? 128 : 1), tail: output.trim() || '(no output)' }));
        const { file: _file, line: _line, ...described } = node;
        child.stdin.on('error', () => undefined); // a hook that does not read stdin is fine
        child.stdin.end(`${JSON.stringify(described)}\n`);
      });
    },
  };
}

/** STACKSHIFT_HOOKS_DIR, else the hooks directory inside the state directory. */
export function hooksDir(stateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.STACKSHIFT_HOOKS_DIR || join(stateDir, 'hooks');
}
