/**
 * The daemon's JSON API, read-only, all answered from the event log and the board projection:
 *   GET /api/status              the status view, workloads per wave (blocked first), nodes, volumes, rate
 *   GET /api/events?after=N&limit=M   events after position N (default: from the start), at most M
 *   GET /api/workloads/NAME      a workload's card and every event of its stream
 *   GET /api/volumes/NAME, /api/nodes/HOST   the same for detached volumes and reclaim nodes
 * Event data never holds a secret (the store's contract), so events are served as stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStore, StoredEvent } from '../events/store.js';
import type { BoardItem } from './boardItem.js';
import type { BoardProjection } from './boardProjection.js';
import { sendError, sendJson } from './respond.js';

export interface WebApiOptions {
  store: EventStore;
  board: BoardProjection;
  /** The status view GET /status answers; /api/status adds the board to it. */
  status: () => unknown | Promise<unknown>;
}

const maxLimit = 1000;
const RANK: Record<BoardItem['state'], number> = { blocked: 0, failed: 1, running: 2, waiting: 3, idle: 4, done: 5 };

/** Blocked and failed first (they need someone), then what moves, then what waits, then what is done. */
export function byUrgency(a: BoardItem, b: BoardItem): number {
  return RANK[a.state] - RANK[b.state] || a.id.localeCompare(b.id);
}

export function boardStatus(board: BoardProjection): Record<string, unknown> {
  const all = board.all();
  const waves = new Map<number | null, BoardItem[]>();
  for (const item of all.filter((i) => i.family === 'workload')) {
    const wave = item.wave ?? null;
    waves.set(wave, [...(waves.get(wave) ?? []), item]);
  }
  const order = [...waves.keys()].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  const rate = board.rateSeries[board.rateSeries.length - 1];
  return {
    boardPosition: board.position,
    waves: order.map((wave) => ({ wave, workloads: waves.get(wave)!.sort(byUrgency) })),
    volumes: all.filter((i) => i.family === 'volume').sort(byUrgency),
    nodes: all.filter((i) => i.family === 'node').sort(byUrgency),
    blocked: all.filter((i) => i.state === 'blocked' || i.state === 'failed').map((i) => i.stream),
    rate: { bytesPerSec: rate?.[1] ?? 0, series: board.rateSeries },
  };
}

export const eventView = (e: StoredEvent) => ({ position: e.position, stream: e.stream, version: e.version, type: e.type, time: e.time, commit: e.commit, data: e.data });

function integer(text: string | null, name: string, fallback: number, min: number, max: number): number | string {
  if (text === null || text === '') return fallback;
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < min || n > max) return `${name}=${text} is not a whole number from ${min} to ${max}`;
  return n;
}

async function events(store: EventStore, url: URL, res: ServerResponse): Promise<void> {
  const after = integer(url.searchParams.get('after'), 'after', -1, -1, Number.MAX_SAFE_INTEGER);
  const limit = integer(url.searchParams.get('limit'), 'limit', 200, 1, maxLimit);
  if (typeof after === 'string') return sendError(res, 400, after, 'after is the position of the last event you have; -1 for the first page');
  if (typeof limit === 'string') return sendError(res, 400, limit, `ask for at most ${maxLimit} events a page and follow "next"`);
  const page: StoredEvent[] = [];
  for await (const e of store.readAll({ fromPosition: after + 1 })) {
    if (page.length === limit) break;
    page.push(e);
  }
  const next = page.length > 0 ? page[page.length - 1]!.position : after;
  sendJson(res, 200, { events: page.map(eventView), next, more: page.length === limit });
}

const FAMILIES: Record<string, { prefix: string; noun: string }> = {
  workloads: { prefix: 'workload:', noun: 'workload' },
  volumes: { prefix: 'volume:', noun: 'detached volume' },
  nodes: { prefix: 'node:', noun: 'node' },
};

async function itemHistory(options: WebApiOptions, family: string, rawName: string, res: ServerResponse): Promise<void> {
  const { prefix, noun } = FAMILIES[family]!;
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return sendError(res, 400, `${rawName} is not a valid URL-encoded name`);
  }
  const stream = prefix + name;
  const item = options.board.item(stream);
  const history = await options.store.readStream(stream);
  if (!item && history.length === 0) return sendError(res, 404, `no ${noun} ${name}`, `GET /api/status lists every ${noun}`);
  sendJson(res, 200, { item, history: history.map(eventView) });
}

/** Answers the /api/ paths; returns false for paths it does not know. */
export function createWebApi(options: WebApiOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname;
    if (path === '/api/status') {
      sendJson(res, 200, { ...((await options.status()) as Record<string, unknown>), ...boardStatus(options.board) });
      return true;
    }
    if (path === '/api/events') {
      await events(options.store, url, res);
      return true;
    }
    const match = /^\/api\/(workloads|volumes|nodes)\/([^/]+)$/.exec(path);
    if (match) {
      await itemHistory(options, match[1]!, match[2]!, res);
      return true;
    }
    return false;
  };
}
