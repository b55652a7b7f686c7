/**
 * Locating bad UTF-8: TextDecoder says only that a file is invalid; an operator needs the line.
 */

/** Offset of the first byte that starts an invalid UTF-8 sequence (one linear scan). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const extra = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (extra < 0 || i + extra >= b.length) return i;
    const second = b[i + 1]!;
    // Overlong forms, surrogates and code points above U+10FFFF.
    if ((c === 0xe0 && second < 0xa0) || (c === 0xed && second > 0x9f) || (c === 0xf0 && second < 0x90) || (c === 0xf4 && second > 0x8f)) return i;
    for (let k = 1; k <= extra; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return b.length;
}

export function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
