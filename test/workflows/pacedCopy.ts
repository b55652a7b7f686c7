/**
 * A test-only workflow family: copies a file to another in chunks, paced by the clock, recording
 * its verified offset as a checkpoint after each chunk — the shape of a volume copy, without
 * clouds. Registered only by the tests that pass it to the runner (nothing in src/ names it).
 */
import { open } from 'node:fs/promises';
import type { DesiredState } from '../../src/desired/model.js';
import { done, run, type Activity } from '../../src/workflows/decision.js';
import type { DesiredItem, WorkflowModule } from '../../src/workflows/module.js';

export interface CopySpec {
  from: string;
  to: string;
  size: number;
  chunk: number;
  /** Clock milliseconds per chunk. */
  paceMs: number;
  slot?: string;
}

export interface CopyState {
  offset: number;
  finished: boolean;
  /** Bytes written over all attempts (a resume must not copy again what was verified). */
  written: number;
}

interface CopyActivity extends Activity {
  type: 'copy';
}

export function pacedCopyModule(items: () => DesiredItem<CopySpec>[], hooks: { beforeChunk?: (offset: number) => void | Promise<void> } = {}): WorkflowModule<CopyState, CopySpec, CopyActivity> {
  return {
    name: 'copy',
    entity: 'Copy',
    streamPrefix: 'copy:',
    desired: (_state: DesiredState) => items(),
    initialState: () => ({ offset: 0, finished: false, written: 0 }),
    evolve(state, event) {
      if (event.type === 'ChunkCopied') return { ...state, offset: Number(event.data.offset), written: state.written + Number(event.data.bytes) };
      if (event.type === 'CopyFinished') return { ...state, finished: true };
      return state;
    },
    decide(state, { desired }) {
      if (desired === undefined) return done('not selected');
      if (state.finished) return done('copied');
      return run({ type: 'copy', title: `copy ${desired.from} from byte ${state.offset}` }, desired.slot);
    },
    progress: (state, desired) => ({ phase: state.finished ? 'Done' : 'Copying', remaining: state.finished ? [] : ['Done'], started: state.offset > 0, bytesDone: state.offset, ...(desired ? { bytesTotal: desired.size } : {}) }),
    async execute(_activity, ctx) {
      const spec = ctx.desired;
      if (!spec) throw new Error('no spec');
      const src = await open(spec.from, 'r');
      // 'r+' writes at the offset ('a' would append whatever the offset); create the file first.
      await (await open(spec.to, 'a')).close();
      const dst = await open(spec.to, 'r+');
      try {
        while (ctx.state().offset < spec.size) {
          const offset = ctx.state().offset;
          await hooks.beforeChunk?.(offset);
          await ctx.clock.sleep(spec.paceMs, ctx.signal);
          const length = Math.min(spec.chunk, spec.size - offset);
          const buffer = Buffer.alloc(length);
          await src.read(buffer, 0, length, offset);
          await dst.write(buffer, 0, length, offset);
          await ctx.record([{ type: 'ChunkCopied', data: { offset: offset + length, bytes: length } }]);
        }
        await ctx.record([{ type: 'CopyFinished', data: { bytes: spec.size } }]);
      } finally {
        await src.close();
        await dst.close();
      }
    },
  };
}
