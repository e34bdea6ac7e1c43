// The few places where SQLite and PostgreSQL disagree, expressed once.

import type { Knex } from 'knex';
import { isPostgres } from './connect.js';

export interface Dialect {
  /** SQL that is true when `expr` contains the bound text. */
  contains(expr: string): string;
  startsWith(expr: string): string;
  /** SQL for the last `n` characters of `expr` (n is a trusted integer). */
  lastChars(expr: string, n: number): string;
  /** A boolean as the driver binds it. */
  bool(v: boolean): boolean | number;
  /** SQL yielding the text elements of one bound JSON array parameter (one bind, any size). */
  jsonArrayElements: string;
}

const sqlite: Dialect = {
  contains: (e) => `instr(${e}, ?) > 0`,
  startsWith: (e) => `instr(${e}, ?) = 1`,
  lastChars: (e, n) => `substr(${e}, -${n})`,
  bool: (v) => (v ? 1 : 0),
  jsonArrayElements: 'select value from json_each(?)',
};

const postgres: Dialect = {
  contains: (e) => `strpos(${e}, ?) > 0`,
  startsWith: (e) => `strpos(${e}, ?) = 1`,
  lastChars: (e, n) => `right(${e}, ${n})`,
  bool: (v) => v,
  jsonArrayElements: 'select jsonb_array_elements_text(?::jsonb)',
};

export const dialectOf = (db: Knex): Dialect => (isPostgres(db) ? postgres : sqlite);

export const now = (): string => new Date().toISOString();

/** Case folding used for every *_key column and every case-insensitive comparison. */
export const fold = (s: string): string => s.toLowerCase();
