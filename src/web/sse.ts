/**
 * GET /api/stream: Server-Sent Events, one message per event appended to the log, each with
 * `id:` = the event's position, so a browser that reconnects (it sends Last-Event-ID by itself)
 * resumes after the last event it saw. Each message carries the event, the card of the item it
 * is about as folded with it, and the estate's transfer rate when it changed.
 *
 * Where to start: Last-Event-ID, else `?after=N`, else only new events. A client further behind
 * than `maxReplay` gets `event: reset` (fetch /api/status again) and then the live events. A
 * client that cannot keep up (its unsent bytes pass `maxBufferedBytes`) is disconnected: its
 * reconnect resumes from where it was.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStore, StoredEvent } from '../events/store.js';
import { eventView } from './api.js';
import type { BoardItem } from './boardItem.js';
import type { BoardProjection, RateSample } from './boardProjection.js';
import { sendError } from './respond.js';

export interface StreamOptions {
  store: EventStore;
  board: BoardProjection;
  maxReplay?: number;
  heartbeatMs?: number;
  maxBufferedBytes?: number;
}

function startPosition(req: IncomingMessage, url: URL, head: number): number | string {
  const header = req.headers['last-event-id'];
  const text = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('after');
  if (text === null || text === undefined || text === '') return head;
  if (!/^-?\d+$/.test(text) || Number(text) < -1) return `${text} is not an event position (a whole number, -1 for the start)`;
  return Math.min(Number(text), head);
}

export async function streamEvents(req: IncomingMessage, res: ServerResponse, url: URL, options: StreamOptions): Promise<void> {
  const { board } = options;
  const head = board.position;
  let after = startPosition(req, url, head);
  if (typeof after === 'string') return sendError(res, 400, `Last-Event-ID or after: ${after}`);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write('retry: 2000\n\n');
  const limit = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  let last = after;
  let live = false;
  const backlog: Array<[StoredEvent, BoardItem | undefined, RateSample | undefined]> = [];
  const send = (event: StoredEvent, item: BoardItem | undefined, rate: RateSample | undefined) => {
    if (event.position <= last || res.destroyed) return;
    last = event.position;
    res.write(`id: ${event.position}\ndata: ${JSON.stringify({ event: eventView(event), ...(item ? { item } : {}), ...(rate ? { rate } : {}) })}\n\n`);
    if (res.writableLength > limit) res.destroy();
  };
  // Listen before replaying, so an event appended during the replay is held, not lost.
  const unlisten = board.listen((event, item, rate) => (live ? send(event, item, rate) : backlog.push([event, item, rate])));
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const closed = new Promise<void>((done) => res.once('close', () => done()));
  try {
    if (head - after > (options.maxReplay ?? 10_000)) {
      res.write('event: reset\ndata: {}\n\n');
      after = last = head;
    }
    if (after < head) {
      for await (const event of options.store.readAll({ fromPosition: after + 1 })) {
        if (event.position > head || res.destroyed) break;
        send(event, board.item(event.stream), undefined);
      }
    }
    for (const [event, item, rate] of backlog.splice(0)) send(event, item, rate);
    live = true;
    await closed;
  } finally {
    unlisten();
    clearInterval(heartbeat);
  }
}
