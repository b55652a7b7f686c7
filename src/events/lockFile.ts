/**
 * One writer at a time: the writer holds `<events dir>/LOCK`, created exclusively and holding its
 * pid and host. A lock whose pid no longer runs on this host is stale (the writer crashed) and is
 * taken over; a live one refuses with E_EVENT_LOG_LOCKED naming the holder.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { codes, StackshiftError } from '../errors.js';
import { fsyncDir } from './segments.js';

export interface LockHolder {
  pid: number;
  host: string;
}

export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? { pid: value.pid, host: value.host } : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale below
  }
}

export async function acquireLock(dir: string, startedAt: string): Promise<HeldLock> {
  const path = join(dir, 'LOCK');
  const me: LockHolder = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, `${JSON.stringify({ ...me, since: startedAt })}\n`, { flag: 'wx' });
      await fsyncDir(dir);
      return {
        path,
        release: async () => {
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(path);
    const stale = holder === undefined || (holder.host === me.host && holder.pid !== me.pid && !alive(holder.pid));
    if (!stale) {
      const who = holder.pid === me.pid && holder.host === me.host ? 'this process already' : `process ${holder.pid} on ${holder.host}`;
      throw new StackshiftError(codes.EVENT_LOG_LOCKED, `the event log in ${dir} is in use: ${who} holds ${path}`, {
        hint: `stop the other stackshift (pid ${holder.pid}) first; if it is gone and was on another host, delete ${path}`,
        data: { dir, pid: holder.pid, host: holder.host },
        retry: 'later',
        requeueAfterMs: 1000,
      });
    }
    await unlink(path).catch(() => undefined);
  }
  throw new StackshiftError(codes.EVENT_LOG_LOCKED, `could not take the lock ${path}: another process keeps taking it`, {
    hint: 'make sure only one stackshift writer runs against this state directory',
  });
}
