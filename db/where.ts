// A where-tree (the graph's `UserWhere`/`GroupWhere` inputs, structurally) → Knex conditions.
// db/ declares its own shapes so it never imports graph/.

import type { Knex } from 'knex';
import { type Dialect, fold } from './dialect.js';

export interface StringCond {
  eq?: string | null; ne?: string | null; co?: string | null; sw?: string | null; ew?: string | null;
  gt?: string | null; ge?: string | null; lt?: string | null; le?: string | null; pr?: boolean | null;
}
export interface BoolCond { eq?: boolean | null; ne?: boolean | null; pr?: boolean | null }
/** `{ and?: WhereTree[]; or?: WhereTree[]; not?: WhereTree; <field>: condition }`; the graph's
 * input classes are assignable to it. */
export type WhereTree = object;

export type FieldDef =
  | { kind: 'string'; column: string; caseExact: boolean; keyColumn?: string }
  | { kind: 'boolean'; column: string }
  | { kind: 'dateTime'; column: string }
  /** `id in (subquery filtered by the nested tree)`: multi-valued attributes, memberships. */
  | { kind: 'exists'; outer: string; subquery: (db: Knex) => Knex.QueryBuilder; fields: WhereSchema };

export type WhereSchema = Record<string, FieldDef>;

type Builder = Knex.QueryBuilder;

export function applyWhere(db: Knex, d: Dialect, qb: Builder, where: WhereTree, schema: WhereSchema): void {
  for (const [key, cond] of Object.entries(where as Record<string, unknown>)) {
    if (cond === undefined || cond === null) continue;
    if (key === 'and') {
      for (const w of cond as WhereTree[]) qb.where((b) => applyWhere(db, d, b, w, schema));
    } else if (key === 'or') {
      const list = cond as WhereTree[];
      if (list.length === 0) qb.whereRaw('1 = 0');
      else qb.where((b) => { for (const w of list) b.orWhere((bb) => applyWhere(db, d, bb, w, schema)); });
    } else if (key === 'not') {
      qb.whereNot((b) => { b.whereRaw('1 = 1'); applyWhere(db, d, b, cond as WhereTree, schema); });
    } else {
      const def = schema[key];
      if (!def) throw new TypeError(`no where field ${key}`);
      applyField(db, d, qb, def, cond);
    }
  }
}

function applyField(db: Knex, d: Dialect, qb: Builder, def: FieldDef, cond: unknown): void {
  switch (def.kind) {
    case 'string': return applyString(d, qb, def, cond as StringCond);
    case 'dateTime': return applyString(d, qb, { column: def.column, caseExact: true }, cond as StringCond);
    case 'boolean': return applyBoolean(d, qb, def.column, cond as BoolCond);
    case 'exists': {
      const sub = def.subquery(db);
      applyWhere(db, d, sub, cond as WhereTree, def.fields);
      qb.whereIn(def.outer, sub);
    }
  }
}

const present = (col: string) => `(${col} is not null and ${col} <> '')`;

// Every leaf is written so it is never NULL (missing attribute → false), which keeps `not`
// meaning "everything else", including resources without the attribute.
function applyString(d: Dialect, qb: Builder, def: { column: string; caseExact: boolean; keyColumn?: string }, c: StringCond): void {
  const col = def.column;
  const expr = def.caseExact ? col : def.keyColumn ?? `lower(${col})`;
  const v = (s: string) => (def.caseExact ? s : fold(s));
  const guarded = (sql: string, bindings: unknown[]) => qb.whereRaw(`(${col} is not null and ${sql})`, bindings as never);
  if (c.eq != null) guarded(`${expr} = ?`, [v(c.eq)]);
  if (c.ne != null) qb.whereRaw(`not (${col} is not null and ${expr} = ?)`, [v(c.ne)]);
  if (c.co != null) c.co === '' ? qb.whereRaw(present(col)) : guarded(d.contains(expr), [v(c.co)]);
  if (c.sw != null) c.sw === '' ? qb.whereRaw(present(col)) : guarded(d.startsWith(expr), [v(c.sw)]);
  if (c.ew != null) {
    const n = [...c.ew].length;
    n === 0 ? qb.whereRaw(present(col)) : guarded(`${d.lastChars(expr, n)} = ?`, [v(c.ew)]);
  }
  if (c.gt != null) guarded(`${expr} > ?`, [v(c.gt)]);
  if (c.ge != null) guarded(`${expr} >= ?`, [v(c.ge)]);
  if (c.lt != null) guarded(`${expr} < ?`, [v(c.lt)]);
  if (c.le != null) guarded(`${expr} <= ?`, [v(c.le)]);
  if (c.pr != null) qb.whereRaw(c.pr ? present(col) : `not ${present(col)}`);
}

function applyBoolean(d: Dialect, qb: Builder, col: string, c: BoolCond): void {
  if (c.eq != null) qb.whereRaw(`(${col} is not null and ${col} = ?)`, [d.bool(c.eq)]);
  if (c.ne != null) qb.whereRaw(`not (${col} is not null and ${col} = ?)`, [d.bool(c.ne)]);
  if (c.pr != null) qb.whereRaw(c.pr ? `${col} is not null` : `${col} is null`);
}
