/**
 * The migration board in a real headless Chromium (Debian's, driven by playwright-core): the
 * demo runs as `stackshift demo --follow --listen 127.0.0.1:0` (the real daemon against the
 * simulated clouds), the page is opened while the daemon moves the example's workloads, and it
 * must follow them from /api/stream without a reload: a card goes from copying to done, and
 * after a commit that deselects a migrated workload, that card shows it is blocked and why.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { startDaemonServer } from '../../src/daemon/server.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { BoardProjection } from '../../src/web/boardProjection.js';
import { finish, GiB, progress, startCopy } from '../web/estateEvents.js';

const executable = '/usr/bin/chromium';
const root = join(import.meta.dirname, '..', '..');
const artifacts = join(root, 'test-artifacts');
const skip = existsSync(executable) ? false : `${executable} is missing: install Debian's chromium (apt-get install chromium; .ci/run does) to run the board test`;

const browserArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts the demo and resolves with its board URL and repository once it prints them. */
function startDemo(stateDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--follow', '--listen', '127.0.0.1:0', '--state', stateDir, '--timeout', '5m'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const waiters: Array<() => void> = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    for (const w of waiters.splice(0)) w();
  });
  child.stdout.resume();
  const waitFor = (pattern: RegExp, ms = 120_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not print ${pattern} in ${ms} ms; it printed:\n${err}`)), ms);
      const check = () => {
        const m = pattern.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        } else waiters.push(check);
      };
      check();
    });
  return { child, waitFor, output: () => err };
}

test('the board follows the demo live: waves, a card from copying to done, a blocked workload with its reason', { skip, timeout: 240_000 }, async () => {
  await mkdir(artifacts, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'stackshift-board-'));
  const demo = startDemo(join(work, 'state'));
  // A fresh profile each run (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(join(work, 'chromium'), {
    executablePath: executable, headless: true, viewport: { width: 1600, height: 1000 },
    args: browserArgs,
  });
  try {
    const url = (await demo.waitFor(/the migration board: (http:\/\/[\d.:]+)\//))[1]!;
    const repoDir = (await demo.waitFor(/desired-state repository (\S+) \(commit/))[1]!;
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Record every card the page draws (cards are replaced, not edited, on each update). Runs in
    // the page, so it is a string (this file is compiled without the DOM's types).
    await page.addInitScript({ content: `
      window.seen = [];
      window.loadedOnce = Date.now() + Math.random();
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) {
          if (!(n instanceof HTMLElement)) continue;
          for (const card of n.matches('.card') ? [n] : [...n.querySelectorAll('.card')]) {
            window.seen.push(card.dataset.stream + '|' + card.querySelector('.phase')?.textContent + '|' + card.dataset.state);
          }
        }
      }).observe(document, { childList: true, subtree: true });` });
    await page.goto(url);
    const marker = await page.evaluate('window.loadedOnce');
    await page.waitForSelector('[data-column="wave:1"]');
    await page.waitForSelector('[data-column="wave:2"]');
    await page.waitForSelector('#live.on');

    // Every example workload ends Migrated in its wave, drawn from the stream.
    for (const [wave, names] of [[1, ['web-1', 'web-2']], [2, ['app-1', 'db-1']]] as const) {
      for (const name of names) {
        await page.waitForSelector(`[data-column="wave:${wave}"] [data-stream="workload:${name}"][data-state="done"]`, { timeout: 120_000 });
      }
    }
    await page.screenshot({ path: join(artifacts, 'board-migrated.png'), fullPage: true });
    const seen = (await page.evaluate('window.seen')) as string[];
    const copied = ['web-1', 'web-2', 'app-1', 'db-1'].filter((n) => seen.some((s) => s.startsWith(`workload:${n}|Copy|running`)) && seen.some((s) => s === `workload:${n}|Migrated|done`));
    assert.ok(copied.length > 0, `a card went from copying to done on the page; it drew:\n${seen.filter((s) => s.startsWith('workload:')).join('\n')}`);
    // The chart is drawn from DiskCopyProgressed events; the demo's small disks may copy before one is due.
    const series = ((await (await fetch(`${url}/api/status`)).json()) as { rate: { series: unknown[] } }).rate.series;
    if (series.length > 0) {
      assert.match(await page.textContent('#rate-chart') ?? '', /\/s/, 'the rate chart has a scale');
      assert.ok(await page.$('#rate-chart polyline'), 'the rate chart is drawn from progress events');
    } else assert.equal(await page.textContent('#rate-chart'), 'no transfers yet');

    // The history panel lists every event of a workload with its time and commit.
    await page.click('[data-stream="workload:web-1"]');
    await page.waitForSelector('#history:not([hidden]) #history-rows tr');
    const rows = (await page.evaluate(`[...document.querySelectorAll('#history-rows tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))`)) as string[][];
    assert.ok(rows.some((r) => r[2] === 'WorkloadMigrated'));
    assert.ok(rows.every((r) => /^[0-9a-f]{7}$/.test(r[3] ?? '')), 'every event names its commit');
    await page.screenshot({ path: join(artifacts, 'board-history.png'), fullPage: true });
    await page.click('#history-close');

    // Deselect a migrated workload: the daemon blocks it (its source is SHUTOFF) and says why.
    await demo.waitFor(/converged/);
    const file = join(repoDir, 'workloads.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/  - server: web-2\n    wave: 1\n    bootDiskCopy: true\n/, ''));
    assert.notEqual(await readFile(file, 'utf8'), yaml);
    execFileSync('git', ['-C', repoDir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'deselect web-2']);
    const blocked = await page.waitForSelector('[data-stream="workload:web-2"][data-state="blocked"]', { timeout: 60_000 });
    assert.match(await blocked.textContent() ?? '', /deselected after cutover/);
    assert.match(await page.textContent('#blocked') ?? '', /web-2.*deselected after cutover/);
    const first = await page.evaluate(`(() => { const el = document.querySelector('[data-stream="workload:web-2"]'); return el.parentElement.firstElementChild === el; })()`);
    assert.ok(first, 'blocked items come first in their column');
    // The estate is Stalled now, and web-2, no longer selected, has left its wave's column.
    await page.waitForSelector('#condition.c-Stalled', { timeout: 15_000 });
    await page.waitForSelector('[data-column="wave:none"] [data-stream="workload:web-2"][data-state="blocked"]', { timeout: 15_000 });
    await page.screenshot({ path: join(artifacts, 'board-blocked.png'), fullPage: true });
    const after = await page.evaluate('window.loadedOnce');
    assert.equal(after, marker, 'the page was never reloaded');
    assert.deepEqual(pageErrors, [], 'the page threw no error');
  } finally {
    await browser.close();
    demo.child.kill('SIGINT');
    await new Promise((r) => demo.child.once('exit', r));
    await rm(work, { recursive: true, force: true });
  }
});

test('step by step: a card follows its copy to done without a reload; its history links each event to the commit', { skip, timeout: 60_000 }, async () => {
  const work = await mkdtemp(join(tmpdir(), 'stackshift-board-'));
  const store = createMemoryEventStore();
  const stop = new AbortController();
  const commit = '5e1f'.padEnd(40, '0');
  await startCopy(store, 'web-1', commit, 10 * GiB);
  const { board } = await BoardProjection.follow(store, { signal: stop.signal });
  const server = await startDaemonServer({
    host: '127.0.0.1', port: 0, onWebhook: () => undefined, web: { store, board },
    status: () => ({ condition: 'Reconciling', commits: { lastObserved: commit, lastApplied: commit }, daemon: { repo: 'https://git.example.com/acme/estate.git' } }),
  });
  // bypassCSP: waitForFunction evaluates its string in the page, which the page's own CSP forbids.
  const browser = await chromium.launchPersistentContext(join(work, 'chromium'), { executablePath: executable, headless: true, bypassCSP: true, args: browserArgs });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const card = '[data-stream="workload:web-1"]';
    await page.waitForSelector(`${card}[data-state="running"]`);
    await page.waitForSelector('#live.on');
    assert.equal(await page.textContent(`${card} .phase`), 'Copy');
    await page.evaluate('window.sameDocument = true');
    await progress(store, 'web-1', commit, 4 * GiB, 10 * GiB, 100 * 1024 ** 2);
    await page.waitForFunction(`document.querySelector('${card} .bytes')?.textContent.startsWith('4.0 GiB / 10.0 GiB · 100 MiB/s · ETA 61 s')`);
    assert.ok(await page.$('#rate-chart polyline'));
    assert.match(await page.textContent('#rate-now') ?? '', /100 MiB\/s/);
    await finish(store, 'web-1', commit, 75_000);
    await page.waitForSelector(`${card}[data-state="done"]`);
    assert.equal(await page.textContent(`${card} .phase`), 'Migrated');
    assert.match(await page.textContent(`${card} .bytes`) ?? '', /10.0 GiB \/ 10.0 GiB · downtime 75 s/);
    assert.equal(await page.evaluate('window.sameDocument'), true, 'updated from the stream, not by a reload');
    await page.click(card);
    await page.waitForSelector('#history-rows tr');
    const href = await page.getAttribute('#history-rows tr a', 'href');
    assert.equal(href, `https://git.example.com/acme/estate/commit/${commit}`);
    assert.equal(await page.$$eval('#history-rows tr', (rows) => rows.length), (await store.readStream('workload:web-1')).length);
  } finally {
    await browser.close();
    stop.abort();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
});
