import type { Diagnostic } from '../errors/index.js';

/** Files above this size are refused before they are read or parsed (10,000 VPCs take about 2 MB). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Deepest flow nesting (`[[[`, `{{{`) and widest block indentation the loader hands to the YAML parser. */
export const MAX_FLOW_DEPTH = 64;
export const MAX_INDENT_COLUMNS = 256;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type DecodeResult = { text: string } | { diagnostic: Diagnostic };

/**
 * Bytes or text -> the text the YAML parser sees: size cap, UTF-8 check, no NUL bytes, BOM removed
 * (so columns on the first line stay right).
 */
export function decodeSource(input: string | Uint8Array, file: string): DecodeResult {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_FILE_BYTES) return { diagnostic: tooLarge(file, size) };
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = decoder.decode(input);
    } catch {
      return { diagnostic: binary(file, 'it is not valid UTF-8') };
    }
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { diagnostic: binary(file, `it holds a NUL byte at offset ${nul}`) };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

export function tooLarge(file: string, size: number): Diagnostic {
  return {
    code: 'CONFIG_TOO_LARGE',
    severity: 'error',
    summary: `The file is ${formatBytes(size)}; the limit is ${formatBytes(MAX_FILE_BYTES)}`,
    hint: 'Split the VPCs over several files (give a directory), or check that this is the file you meant.',
    location: { file, line: 1, col: 1 },
  };
}

function binary(file: string, why: string): Diagnostic {
  return {
    code: 'CONFIG_BINARY',
    severity: 'error',
    summary: `The file is not a text file: ${why}`,
    hint: 'Desired-state files are UTF-8 YAML or JSON. Check that this is the file you meant.',
    location: { file, line: 1, col: 1 },
  };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${n} bytes`;
}

/**
 * A linear pre-scan for nesting the YAML parser would recurse into: very deep input can exhaust the
 * stack inside the parser, which is not always recoverable. Brackets inside quotes and comments are
 * skipped; block nesting needs at least one column of indentation per level, so a cap on indentation
 * caps it. Returns the offset where the limit is passed, or -1.
 */
export function findExcessiveNesting(text: string): { offset: number; what: string } | undefined {
  let flowDepth = 0;
  let lineStart = true;
  let column = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      lineStart = true;
      column = 0;
      continue;
    }
    if (quote !== '') {
      if (quote === '"' && ch === 92) i++;
      else if (text[i] === quote) quote = '';
      continue;
    }
    if (lineStart) {
      // Indentation, and the compact block indicators (`- - x`) that nest without a new line.
      if (ch === 32 || ((ch === 45 || ch === 63 || ch === 58) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10))) {
        column++;
        if (column > MAX_INDENT_COLUMNS) return { offset: i, what: `indentation deeper than ${MAX_INDENT_COLUMNS} columns` };
        continue;
      }
      lineStart = false;
    }
    const prev = i === 0 ? 10 : text.charCodeAt(i - 1);
    const afterSpace = prev === 32 || prev === 10 || prev === 9 || prev === 13;
    if (ch === 35 && afterSpace) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
      continue;
    }
    if ((ch === 34 || ch === 39) && (afterSpace || prev === 91 || prev === 123 || prev === 44 || prev === 58)) {
      quote = text[i] ?? '';
      continue;
    }
    if (ch === 91 || ch === 123) {
      flowDepth++;
      if (flowDepth > MAX_FLOW_DEPTH) return { offset: i, what: `more than ${MAX_FLOW_DEPTH} nested [ ] or { }` };
    } else if ((ch === 93 || ch === 125) && flowDepth > 0) {
      flowDepth--;
    }
  }
  return undefined;
}
