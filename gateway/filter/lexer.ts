// Tokens of the SCIM filter and PATCH path grammars (RFC 7644 §3.4.2.2, §3.5.2), with
// positions so that every syntax error can say where it happened.

import { FilterSyntaxError } from './syntax-error.js';

export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | '.' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (a string keeps its quotes and escapes). */
  readonly text: string;
  /** The decoded value of a string token. */
  readonly value?: string;
  /** 0-based offset into the source. */
  readonly offset: number;
}

const punctuation = new Set(['(', ')', '[', ']']);
const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A word is any run up to whitespace, a quote or punctuation: attribute paths, URNs,
 * operators, keywords and unquoted literals. The parser decides what a word means from
 * where it stands, which lets `userName eq"x"` and URNs containing '.' and ':' lex alike. */
const isWordChar = (c: string) => !/\s/.test(c) && c !== '"' && !punctuation.has(c);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (punctuation.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, offset: i++ });
    } else if (c === '.') {
      // Only a leading '.' is its own token: the one in `emails[type eq "work"].value`.
      tokens.push({ kind: '.', text: c, offset: i++ });
    } else if (c === '"') {
      const token = readString(text, i);
      tokens.push(token);
      i += token.text.length;
    } else {
      const start = i;
      while (i < text.length && isWordChar(text[i]!)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), offset: start });
    }
  }
  tokens.push({ kind: 'end', text: '', offset: text.length });
  return tokens;
}

/** A JSON string (RFC 8259 §7), decoded here so a bad escape is reported where it is. */
function readString(text: string, start: number): Token {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      return { kind: 'string', text: text.slice(start, i + 1), value, offset: start };
    }
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new FilterSyntaxError(`Invalid \\u escape in string at position ${i + 1}: expected 4 hex digits`, i + 1);
      }
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else if (e !== undefined && escapes[e] !== undefined) {
      value += escapes[e];
      i += 2;
    } else {
      throw new FilterSyntaxError(
        `Invalid escape "\\${e ?? ''}" in string at position ${i + 1}: only \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are allowed`,
        i + 1,
      );
    }
  }
  throw new FilterSyntaxError(`Unterminated string starting at position ${start + 1}: missing closing '"'`, start + 1);
}
