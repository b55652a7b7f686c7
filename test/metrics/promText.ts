/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: it
 * rejects what a Prometheus server would reject (bad names, bad escapes, a sample before its
 * TYPE, duplicate series, histograms whose buckets are not cumulative or whose +Inf bucket is not
 * the count), so a test that parses a scrape also proves the scrape is valid.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<Family['type'], string[]> = {
  counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'],
};

function fail(line: number, why: string): never {
  throw new Error(`line ${line}: ${why}`);
}

function parseValue(text: string, line: number): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(line, `bad value '${text}'`);
  return Number(text);
}

/** Reads `{a="x",b="y"}` starting at `i` (at the brace); returns the labels and the index after it. */
function parseLabels(text: string, i: number, line: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  i++;
  while (text[i] !== '}') {
    const eq = text.indexOf('=', i);
    if (eq < 0) fail(line, 'label without =');
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) fail(line, `bad label name '${name}'`);
    if (name in labels) fail(line, `label ${name} twice`);
    if (text[eq + 1] !== '"') fail(line, `label ${name}: value not quoted`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const next = text[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else fail(line, `bad escape \\${next ?? ''}`);
      } else value += text[j];
    }
    if (j >= text.length) fail(line, 'unterminated label value');
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail(line, `expected , or } after label ${name}`);
  }
  return [labels, i + 1];
}

function checkHistogram(family: Family): void {
  const series = new Map<string, Sample[]>();
  for (const s of family.samples.filter((x) => x.name.endsWith('_bucket'))) {
    const { le, ...rest } = s.labels;
    if (le === undefined) throw new Error(`${family.name}: bucket without le`);
    const key = JSON.stringify(Object.entries(rest).sort());
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  for (const [key, buckets] of series) {
    const les = buckets.map((b) => parseValue(b.labels.le!, 0));
    for (let i = 1; i < buckets.length; i++) {
      if (!(les[i]! > les[i - 1]!)) throw new Error(`${family.name}${key}: le not increasing`);
      if (buckets[i]!.value < buckets[i - 1]!.value) throw new Error(`${family.name}${key}: buckets not cumulative`);
    }
    if (les[les.length - 1] !== Infinity) throw new Error(`${family.name}${key}: no +Inf bucket`);
    const count = family.samples.find((s) => s.name === `${family.name}_count` && JSON.stringify(Object.entries(s.labels).sort()) === key);
    if (!count || count.value !== buckets[buckets.length - 1]!.value) throw new Error(`${family.name}${key}: _count differs from the +Inf bucket`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const lines = text.split('\n').slice(0, -1);
  for (const [index, raw] of lines.entries()) {
    const n = index + 1;
    if (raw.trim() === '') continue;
    if (raw.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
      if (!m) continue; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) fail(n, `bad metric name '${name}'`);
      const family = families.get(name) ?? { name, type: 'untyped' as const, samples: [] };
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) fail(n, `unknown type '${rest}'`);
        if (family.samples.length > 0) fail(n, `TYPE of ${name} after its samples`);
        family.type = rest as Family['type'];
      } else {
        if (family.help !== undefined) fail(n, `HELP of ${name} twice`);
        family.help = rest.replace(/\\(n|\\)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
      }
      families.set(name, family);
      continue;
    }
    const nameEnd = raw.search(/[{ ]/);
    if (nameEnd <= 0) fail(n, 'sample without a value');
    const name = raw.slice(0, nameEnd);
    if (!METRIC_NAME.test(name)) fail(n, `bad metric name '${name}'`);
    let labels: Record<string, string> = {};
    let i = nameEnd;
    if (raw[i] === '{') [labels, i] = parseLabels(raw, i, n);
    const parts = raw.slice(i).trim().split(/ +/);
    if (raw[i] !== ' ' || parts.length < 1 || parts.length > 2) fail(n, 'expected " value [timestamp]"');
    const value = parseValue(parts[0]!, n);
    const family = [...families.values()].find((f) => SUFFIXES[f.type].some((s) => f.name + s === name));
    if (!family) fail(n, `sample ${name} has no TYPE before it`);
    const id = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(id)) fail(n, `series ${id} twice`);
    seen.add(id);
    family.samples.push({ name, labels, value });
  }
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** The value of the one sample named `name` whose labels include `labels` (undefined: none). */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matches = [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matches.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${matches.length} series`);
  return matches[0]?.value;
}

/** The sum over every sample named `name` whose labels include `labels`. */
export function sampleSum(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  return [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
