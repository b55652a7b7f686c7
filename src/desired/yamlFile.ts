/**
 * Parses one YAML file of the repository so every later problem (schema or cross-file) can
 * point at a line and column.
 *
 * Two parsers, for speed: valid files (the common case, and large) are read by js-yaml, which
 * records the line of every mapping and list as it goes; only when a problem must be located,
 * or when js-yaml rejects the file or it uses anchors, is the file parsed again with `yaml`'s
 * Document API, which keeps every node's position and gives precise syntax messages.
 *
 * Hostile input is expected (the repository comes from pull requests): bytes that are not
 * UTF-8, several documents in one file, duplicate keys and alias bombs are problems, not crashes.
 */
import jsyaml from 'js-yaml';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Problem } from './problem.js';
import { firstInvalidUtf8, positionOf } from './utf8.js';

/** Aliases a file may expand; a real desired-state file needs very few. */
export const MAX_ALIAS_COUNT = 100;

export interface YamlTree {
  doc: Document.Parsed;
  lines: LineCounter;
}

export interface YamlFile {
  path: string;
  text: string;
  /** The document as plain data (undefined when it could not be parsed). */
  value: unknown;
  /** 1-based line where each mapping or list of `value` starts (filled by the fast path). */
  objectLines: WeakMap<object, number>;
  /** The position-keeping syntax tree, built on first need. */
  tree?: YamlTree;
}

export type Segment = string | number;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes, parses and converts a file; problems are appended to `problems`. */
export function parseYamlFile(path: string, bytes: Uint8Array, problems: Problem[]): YamlFile | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const { line, column } = positionOf(bytes, offset);
    problems.push({ file: path, line, column, pointer: '', message: `not valid UTF-8 (first bad byte at offset ${offset})`, hint: 'save the file as UTF-8' });
    return undefined;
  }
  const fast = fastParse(text);
  if (fast) return { path, text, value: fast.value, objectLines: fast.objectLines };

  const file: YamlFile = { path, text, value: undefined, objectLines: new WeakMap() };
  const { doc, lines } = treeOf(file);
  // The first syntax error only: the ones after it are mostly the parser losing its place
  // (one bad indentation reported eight problems), and the file is read again once it is fixed.
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    const tooDeep = /Maximum call stack/.test(error.message);
    const more = doc.errors.length - 1;
    problems.push({
      file: path, line, column: col, pointer: '',
      message: tooDeep ? 'YAML nests too deeply to read' : `YAML syntax: ${firstLine(error.message)}`,
      hint: (tooDeep ? 'a desired-state file nests a few levels; remove the runaway brackets or indentation' : syntaxHint(error.code))
        + (more > 0 ? ` (the parser reported ${more} more error(s) after this one, most likely caused by it)` : ''),
    });
  }
  if (doc.errors.length > 0) return file;
  for (const warning of doc.warnings) {
    const { line, col } = lines.linePos(warning.pos[0]);
    problems.push({ file: path, line, column: col, pointer: '', message: `YAML: ${firstLine(warning.message)}`, hint: 'stackshift files use plain YAML 1.2 without custom tags' });
  }
  if (doc.contents === null) {
    problems.push({ file: path, line: 1, column: 1, pointer: '', message: 'file is empty', hint: 'write the file\'s content or delete the file' });
    return file;
  }
  try {
    file.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    problems.push({ file: path, line: 1, column: 1, pointer: '', message: `YAML cannot be expanded: ${firstLine(reason)}`, hint: `aliases (*name) may expand to at most ${MAX_ALIAS_COUNT} nodes; write the values out` });
  }
  return file;
}

export function treeOf(file: YamlFile): YamlTree {
  if (!file.tree) {
    const lines = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    file.tree = { doc, lines };
  }
  return file.tree;
}

/** Anchors and aliases go to the slow path, which bounds their expansion. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,])[&*][^\s[\]{},]/m;

/** js-yaml with the YAML 1.2 core schema; undefined when the slow path must decide. */
function fastParse(text: string): { value: object; objectLines: WeakMap<object, number> } | undefined {
  if (ANCHOR_OR_ALIAS.test(text)) return undefined;
  const objectLines = new WeakMap<object, number>();
  const openLines: number[] = [];
  const openPositions: number[] = [];
  try {
    const value: unknown = jsyaml.load(text, {
      schema: jsyaml.CORE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          openLines.push(state.line);
          openPositions.push(state.position);
          return;
        }
        const line = openLines.pop()!;
        const position = openPositions.pop()!;
        const result: unknown = (state as unknown as { result: unknown }).result;
        if (result !== null && typeof result === 'object' && !objectLines.has(result)) {
          objectLines.set(result, line + 1 + newlinesBeforeContent(text, position));
        }
      },
    });
    return value !== null && typeof value === 'object' ? { value, objectLines } : undefined;
  } catch {
    return undefined;
  }
}

/** js-yaml reports a node as opening where the whitespace before it starts; skip to its text. */
function newlinesBeforeContent(text: string, position: number): number {
  let newlines = 0;
  for (let i = position; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) newlines++;
    else if (c === 0x23) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
      i--;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
  }
  return newlines;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/; please use YAML\.parseAllDocuments\(\)/, '');
}

function syntaxHint(code: string): string {
  if (code === 'DUPLICATE_KEY') return 'each key may appear once in a mapping; remove or rename the repeated one';
  if (code === 'MULTIPLE_DOCS') return 'keep one YAML document per file (remove the extra ---)';
  if (code === 'TAB_AS_INDENT') return 'indent with spaces, not tabs';
  return 'fix the YAML syntax at this position';
}

/** Where a path points in the file: the value node, or with `key: true` the mapping key. */
export function locate(file: YamlFile, path: readonly Segment[], options: { key?: boolean } = {}): { line: number; column: number } {
  const { doc, lines } = treeOf(file);
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => (isScalar(p.key) ? String(p.key.value) : p.key) === String(segment));
      if (!pair) break;
      const last = i === path.length - 1;
      const keyNode = pair.key as Node | null;
      if (last && options.key && keyNode?.range) offset = keyNode.range[0];
      next = pair.value;
      if (!(last && options.key)) offset = (next as Node | null)?.range?.[0] ?? keyNode?.range?.[0] ?? offset;
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
      if (next === undefined) break;
      offset = (next as Node).range?.[0] ?? offset;
    } else break;
    if (isPair(next)) next = next.value;
    node = next;
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** 1-based line where the value at `path` starts, cheaply when the fast path recorded it. */
export function lineAt(file: YamlFile, path: readonly Segment[]): number {
  let value: unknown = file.value;
  for (const segment of path) value = (value as Record<string, unknown> | null | undefined)?.[segment];
  const recorded = value !== null && typeof value === 'object' ? file.objectLines.get(value) : undefined;
  return recorded ?? locate(file, path).line;
}

/** A problem at a path of a parsed file. */
export function problemAt(file: YamlFile, path: readonly Segment[], message: string, hint?: string, options: { key?: boolean } = {}): Problem {
  const { line, column } = locate(file, path, options);
  return { file: file.path, line, column, pointer: toPointer(path), message, ...(hint === undefined ? {} : { hint }) };
}

export function toPointer(path: readonly Segment[]): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fromPointer(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
