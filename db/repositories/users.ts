// Users: one row in `users`, plus one `user_values` row per multi-valued entry for lookups.

import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from '../connect.js';
import { dialectOf, fold, now } from '../dialect.js';
import { translatingErrors, UnknownReferences, VersionMismatch } from '../errors.js';
import {
  multiValuedFields, userTextFields, type MultiValuedField, type Page, type SortSpec, type UserData,
  type UserRecord,
} from '../tables.js';
import { inTransaction } from '../transaction.js';
import { applyWhere, type WhereSchema, type WhereTree } from '../where.js';

const snake = (s: string) => s.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`);
const jsonColumn = (f: MultiValuedField) => (f === 'x509Certificates' ? 'x509_certificates' : snake(f));

const valueFields: WhereSchema = {
  value: { kind: 'string', column: 'value', caseExact: false, keyColumn: 'value_key' },
  display: { kind: 'string', column: 'display', caseExact: false },
  type: { kind: 'string', column: 'type', caseExact: false },
  // quoted: `primary` is a reserved word in SQLite and PostgreSQL, and where.ts writes raw SQL
  primary: { kind: 'boolean', column: '"primary"' },
};

const stringField = (column: string, caseExact = false) => ({ kind: 'string', column, caseExact }) as const;

function userWhereSchema(workspaceId: string): WhereSchema {
  const schema: WhereSchema = {
    id: stringField('u.id', true),
    userName: { kind: 'string', column: 'u.user_name', caseExact: false, keyColumn: 'u.user_name_key' },
    externalId: stringField('u.external_id', true),
    active: { kind: 'boolean', column: 'u.active' },
    managerId: stringField('u.manager_id', true),
    created: { kind: 'dateTime', column: 'u.created_at' },
    lastModified: { kind: 'dateTime', column: 'u.updated_at' },
    // Direct and nested memberships, as SCIM's `groups` lists them (RFC 7643 §4.1.2); `union`
    // (not `union all`) ends the walk even if nested groups form a cycle.
    groups: {
      kind: 'exists', outer: 'u.id',
      subquery: (db) => db.withRecursive('memberships', ['user_id', 'group_id'], (q) => q
        .select('m.user_id', 'm.group_id').from('group_members as m').join('groups as mg', 'mg.id', 'm.group_id')
        .where('mg.workspace_id', workspaceId).whereNotNull('m.user_id')
        .union((up) => up.select('n.user_id', 'p.group_id').from('memberships as n')
          .join('group_members as p', 'p.child_group_id', 'n.group_id')))
        .from('memberships as gm').join('groups as g', 'g.id', 'gm.group_id').select('gm.user_id'),
      fields: {
        value: stringField('gm.group_id', true),
        display: { kind: 'string', column: 'g.display_name', caseExact: false, keyColumn: 'g.display_name_key' },
      },
    },
  };
  for (const f of userTextFields) schema[f] = stringField(`u.${snake(f)}`);
  for (const f of multiValuedFields) {
    schema[f] = {
      kind: 'exists', outer: 'u.id', fields: valueFields,
      subquery: (db) => db('user_values').where({ workspace_id: workspaceId, attr: f }).select('user_id'),
    };
  }
  return schema;
}

const sortColumns: Record<string, string> = {
  id: 'u.id', userName: 'u.user_name_key', externalId: 'u.external_id', active: 'u.active',
  created: 'u.created_at', lastModified: 'u.updated_at',
  ...Object.fromEntries(userTextFields.map((f) => [f, `u.${snake(f)}`])),
};
export const userSortFields = Object.keys(sortColumns);

type Row = Record<string, unknown>;

// LIMIT and OFFSET go into the SQL text (knex makes them integers), not as bound values: a
// statement with a bound LIMIT costs a recompilation each time it is bound again, i.e. on every
// execution with better-sqlite3 — 18 µs per lookup of a user row (bench/README.md).
const inlined = { skipBinding: true };

function toRecord(row: Row): UserRecord {
  const rec: Record<string, unknown> = {
    id: row.id, workspaceId: row.workspace_id, userName: row.user_name, externalId: row.external_id ?? null,
    active: Boolean(row.active), managerId: row.manager_id ?? null,
    created: row.created_at, lastModified: row.updated_at, version: Number(row.version),
    manager: row.manager_id && row.manager_user_name
      ? { id: row.manager_id, userName: row.manager_user_name, displayName: row.manager_display_name ?? null }
      : null,
  };
  for (const f of userTextFields) rec[f] = row[snake(f)] ?? null;
  for (const f of multiValuedFields) {
    const raw = row[jsonColumn(f)];
    rec[f] = typeof raw === 'string' ? JSON.parse(raw) : [];
  }
  return rec as unknown as UserRecord;
}

function toRow(data: UserData): Row {
  const row: Row = {
    user_name: data.userName, user_name_key: fold(data.userName), external_id: data.externalId,
    active: data.active, manager_id: data.managerId,
  };
  for (const f of userTextFields) row[snake(f)] = data[f];
  for (const f of multiValuedFields) row[jsonColumn(f)] = data[f].length ? JSON.stringify(data[f]) : null;
  return row;
}

function valueRows(workspaceId: string, userId: string, data: UserData): Row[] {
  return multiValuedFields.flatMap((attr) =>
    (data[attr] as Array<Record<string, unknown>>).map((v, position) => {
      const value = (attr === 'addresses' ? v.formatted : v.value) as string | null | undefined;
      return {
        user_id: userId, workspace_id: workspaceId, attr, position,
        value: value ?? null, value_key: value == null ? null : fold(String(value)),
        type: (v.type as string | undefined) ?? null, display: (v.display as string | undefined) ?? null,
        primary: v.primary == null ? null : Boolean(v.primary),
      };
    }));
}

export function createUserRepository(db: Knex) {
  const d = dialectOf(db);
  const pg = isPostgres(db);

  const select = (q: Knex | Knex.Transaction, workspaceId: string) =>
    q('users as u').leftJoin('users as m', 'm.id', 'u.manager_id').where('u.workspace_id', workspaceId)
      .select('u.*', 'm.user_name as manager_user_name', 'm.display_name as manager_display_name');

  async function checkManager(trx: Knex.Transaction, workspaceId: string, data: UserData, selfId?: string) {
    if (!data.managerId) return;
    if (data.managerId === selfId) throw new UnknownReferences('managerId', [data.managerId]);
    const found = await trx('users').where({ workspace_id: workspaceId, id: data.managerId }).first('id');
    if (!found) throw new UnknownReferences('managerId', [data.managerId]);
  }

  async function writeValues(trx: Knex.Transaction, workspaceId: string, id: string, data: UserData, replace: boolean) {
    if (replace) await trx('user_values').where({ user_id: id }).delete();
    const rows = valueRows(workspaceId, id, data);
    if (rows.length) await trx('user_values').insert(rows);
  }

  const repo = {
    async findById(workspaceId: string, id: string, q: Knex | Knex.Transaction = db): Promise<UserRecord | null> {
      const [row] = await select(q, workspaceId).where('u.id', id).limit(1, inlined);
      return row ? toRecord(row) : null;
    },

    async insert(workspaceId: string, data: UserData): Promise<UserRecord> {
      const id = randomUUID();
      const at = now();
      await translatingErrors(() => inTransaction(db, async (trx) => {
        await checkManager(trx, workspaceId, data);
        await trx('users').insert({ id, workspace_id: workspaceId, ...toRow(data), created_at: at, updated_at: at, version: 1 });
        await writeValues(trx, workspaceId, id, data, false);
      }));
      return { ...data, id, workspaceId, created: at, lastModified: at, version: 1,
        manager: data.managerId ? (await repo.findById(workspaceId, id))!.manager : null };
    },

    /** Writes `next(current)` over the user; null when the user is not in the workspace. */
    async update(workspaceId: string, id: string, next: (current: UserRecord) => UserData,
      ifVersion?: number | null): Promise<UserRecord | null> {
      const done = await translatingErrors(() => inTransaction(db, async (trx) => {
        const q = select(trx, workspaceId).where('u.id', id);
        const [row] = await (pg ? q.forUpdate('u') : q).limit(1, inlined);
        if (!row) return false;
        const current = toRecord(row);
        if (ifVersion != null && ifVersion !== current.version) throw new VersionMismatch(current.version);
        const data = next(current);
        await checkManager(trx, workspaceId, data, id);
        await trx('users').where({ id }).update({ ...toRow(data), updated_at: now(), version: current.version + 1 });
        await writeValues(trx, workspaceId, id, data, true);
        return true;
      }));
      return done ? repo.findById(workspaceId, id) : null;
    },

    async remove(workspaceId: string, id: string, ifVersion?: number | null): Promise<boolean> {
      return inTransaction(db, async (trx) => {
        const row = await trx('users').where({ workspace_id: workspaceId, id }).first('version');
        if (!row) return false;
        if (ifVersion != null && ifVersion !== Number(row.version)) throw new VersionMismatch(Number(row.version));
        await trx('users').where({ workspace_id: workspaceId, id }).delete();
        return true;
      });
    },

    async list(workspaceId: string, opts: { where?: WhereTree | null; sort?: SortSpec | null; offset: number; limit: number }): Promise<Page<UserRecord>> {
      const count = async () => {
        const q = db('users as u').where('u.workspace_id', workspaceId);
        if (opts.where) applyWhere(db, d, q, opts.where, userWhereSchema(workspaceId));
        const [{ n }] = await q.count({ n: '*' });
        return Number(n);
      };
      if (opts.limit === 0) return { total: await count(), items: [] };
      // The filter goes on the page query itself: written as `u.id in (ids matching)`, SQLite
      // (no statistics) walked every user of the workspace by workspace_id instead of using
      // the filter's index — 120 ms per userName lookup at 100k users (bench/README.md).
      const q = select(db, workspaceId);
      if (opts.where) applyWhere(db, d, q, opts.where, userWhereSchema(workspaceId));
      const col = opts.sort ? sortColumns[opts.sort.field] : undefined;
      if (col) q.orderByRaw(`(${col} is null), ${col} ${opts.sort!.descending ? 'desc' : 'asc'}`);
      q.orderBy('u.created_at').orderBy('u.id').offset(opts.offset, inlined).limit(opts.limit, inlined);
      const items = (await q).map(toRecord);
      // A short, non-empty (or first) page already tells the total: Entra's filter by userName
      // (0 or 1 match) costs one query, not two.
      const total = items.length < opts.limit && (items.length > 0 || opts.offset === 0)
        ? opts.offset + items.length : await count();
      return { total, items };
    },

    /** Keyset page in id order for frontends: stable under concurrent inserts. */
    async listAfter(workspaceId: string, opts: { where?: WhereTree | null; after?: string | null; first: number }): Promise<UserRecord[]> {
      const q = select(db, workspaceId);
      if (opts.where) applyWhere(db, d, q, opts.where, userWhereSchema(workspaceId));
      if (opts.after) q.where('u.id', '>', opts.after);
      return (await q.orderBy('u.id').limit(opts.first, inlined)).map(toRecord);
    },

    /** Groups of each user, direct and through nested groups, without reading member lists.
     * CROSS JOIN keeps SQLite from driving the join from every group of the workspace (by the
     * workspace index) instead of from the user's few memberships; PostgreSQL reads it as a join. */
    async groupsOf(workspaceId: string, userIds: string[]): Promise<Map<string, { id: string; displayName: string; direct: boolean }[]>> {
      const out = new Map<string, { id: string; displayName: string; direct: boolean }[]>();
      if (!userIds.length) return out;
      const rows: Row[] = (await db.raw(`
        with recursive memberships(user_id, group_id, depth) as (
          select gm.user_id, gm.group_id, 0 from group_members gm
            where gm.user_id in (${d.jsonArrayElements})
          union
          select m.user_id, gm.group_id, 1 from memberships m
            join group_members gm on gm.child_group_id = m.group_id
        )
        select m.user_id, g.id, g.display_name, min(m.depth) as depth
          from memberships m cross join groups g
          where g.id = m.group_id and g.workspace_id = ?
          group by m.user_id, g.id, g.display_name
          order by g.display_name`, [JSON.stringify(userIds), workspaceId]) as { rows?: Row[] } & Row[]);
      const list = Array.isArray(rows) ? rows : (rows as { rows: Row[] }).rows;
      for (const r of list) {
        const key = r.user_id as string;
        if (!out.has(key)) out.set(key, []);
        out.get(key)!.push({ id: r.id as string, displayName: r.display_name as string, direct: Number(r.depth) === 0 });
      }
      return out;
    },
  };
  return repo;
}

export type UserRepository = ReturnType<typeof createUserRepository>;
