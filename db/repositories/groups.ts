// Groups and their memberships. Membership writes touch only the ids named in the change
// (index range operations on (group_id, member_id)); nothing here reads a whole member list.

import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from '../connect.js';
import { dialectOf, fold, now } from '../dialect.js';
import { translatingErrors, UnknownReferences, VersionMismatch } from '../errors.js';
import type { GroupChange, GroupData, GroupRecord, MemberOp, MemberRecord, MemberType, Page, SortSpec } from '../tables.js';
import { inTransaction } from '../transaction.js';
import { applyWhere, type WhereSchema, type WhereTree } from '../where.js';

type Row = Record<string, unknown>;

// LIMIT/OFFSET written into the SQL: bound, they make SQLite recompile the cached statement.
const inlined = { skipBinding: true } as const;
/** `.first()` without its bound `limit ?` (see `inlined`): every group read and write uses it. */
const firstRow = async (q: Knex.QueryBuilder): Promise<Row | undefined> => (await q.limit(1, inlined))[0];

const groupWhereSchema: WhereSchema = {
  id: { kind: 'string', column: 'g.id', caseExact: true },
  displayName: { kind: 'string', column: 'g.display_name', caseExact: false, keyColumn: 'g.display_name_key' },
  externalId: { kind: 'string', column: 'g.external_id', caseExact: true },
  created: { kind: 'dateTime', column: 'g.created_at' },
  lastModified: { kind: 'dateTime', column: 'g.updated_at' },
  members: {
    kind: 'exists', outer: 'g.id',
    subquery: (db) => db('group_members').select('group_id'),
    fields: {
      value: { kind: 'string', column: 'member_id', caseExact: true },
      type: { kind: 'string', column: 'member_type', caseExact: false },
    },
  },
};

const sortColumns: Record<string, string> = {
  id: 'g.id', displayName: 'g.display_name_key', externalId: 'g.external_id',
  created: 'g.created_at', lastModified: 'g.updated_at',
};
export const groupSortFields = Object.keys(sortColumns);

const toRecord = (r: Row): GroupRecord => ({
  id: r.id as string, workspaceId: r.workspace_id as string, displayName: r.display_name as string,
  externalId: (r.external_id as string | null) ?? null, created: r.created_at as string,
  lastModified: r.updated_at as string, version: Number(r.version),
});

/** Rows of the result of a raw query, whichever driver ran it. */
const rowsOf = (res: unknown): Row[] => (Array.isArray(res) ? res : (res as { rows: Row[] }).rows);

export function createGroupRepository(db: Knex) {
  const d = dialectOf(db);
  const pg = isPostgres(db);
  // One bound JSON array instead of one parameter per id: no driver limit on list size.
  const inIds = (col: string, ids: string[], negate = false) =>
    [`${col} ${negate ? 'not in' : 'in'} (${d.jsonArrayElements})`, [JSON.stringify(ids)]] as const;

  /** Resolves ids to members of this workspace; any id not found is reported at once. */
  async function resolveMembers(trx: Knex.Transaction, workspaceId: string, groupId: string, ids: string[]) {
    const unique = [...new Set(ids)];
    const found = new Map<string, MemberType>();
    for (const r of await trx('users').where('workspace_id', workspaceId).whereRaw(...inIds('id', unique)).select('id')) found.set(r.id, 'User');
    for (const r of await trx('groups').where('workspace_id', workspaceId).whereRaw(...inIds('id', unique)).select('id')) found.set(r.id, 'Group');
    const unknown = unique.filter((id) => !found.has(id) || id === groupId);
    if (unknown.length) throw new UnknownReferences('memberIds', unknown);
    return unique.map((id) => {
      const type = found.get(id)!;
      return { group_id: groupId, member_id: id, member_type: type,
        user_id: type === 'User' ? id : null, child_group_id: type === 'Group' ? id : null };
    });
  }

  async function addMembers(trx: Knex.Transaction, workspaceId: string, groupId: string, ids: string[]) {
    const rows = await resolveMembers(trx, workspaceId, groupId, ids);
    for (let i = 0; i < rows.length; i += 500) {
      await trx('group_members').insert(rows.slice(i, i + 500)).onConflict(['group_id', 'member_id']).ignore();
    }
  }

  async function applyMemberOp(trx: Knex.Transaction, workspaceId: string, groupId: string, op: MemberOp) {
    const members = () => trx('group_members').where('group_id', groupId);
    switch (op.op) {
      case 'add': return addMembers(trx, workspaceId, groupId, op.ids);
      case 'remove': return void (await members().whereRaw(...inIds('member_id', op.ids)).delete());
      case 'clear': return void (await members().delete());
      case 'set':
        // A difference computed by the database: drop who is not in the new set, add who is
        // missing. Members present in both are never touched.
        await members().whereRaw(...inIds('member_id', op.ids, true)).delete();
        return addMembers(trx, workspaceId, groupId, op.ids);
    }
  }

  async function lockGroup(trx: Knex.Transaction, workspaceId: string, id: string) {
    const q = trx('groups').where({ workspace_id: workspaceId, id });
    const row = await firstRow(pg ? q.forUpdate() : q);
    return row ? toRecord(row) : null;
  }

  const repo = {
    async findById(workspaceId: string, id: string): Promise<GroupRecord | null> {
      const row = await firstRow(db('groups').where({ workspace_id: workspaceId, id }));
      return row ? toRecord(row) : null;
    },

    async insert(workspaceId: string, data: GroupData, memberIds: string[] = []): Promise<GroupRecord> {
      const id = randomUUID();
      const at = now();
      await translatingErrors(() => inTransaction(db, async (trx) => {
        await trx('groups').insert({ id, workspace_id: workspaceId, display_name: data.displayName,
          display_name_key: fold(data.displayName), external_id: data.externalId, created_at: at, updated_at: at, version: 1 });
        if (memberIds.length) await addMembers(trx, workspaceId, id, memberIds);
      }));
      return { ...data, id, workspaceId, created: at, lastModified: at, version: 1 };
    },

    /** Applies a rename and member operations, in order, in one transaction. */
    async update(workspaceId: string, id: string, change: GroupChange, ifVersion?: number | null): Promise<GroupRecord | null> {
      return translatingErrors(() => inTransaction(db, async (trx) => {
        const current = await lockGroup(trx, workspaceId, id);
        if (!current) return null;
        if (ifVersion != null && ifVersion !== current.version) throw new VersionMismatch(current.version);
        for (const op of change.memberOps ?? []) await applyMemberOp(trx, workspaceId, id, op);
        const next = {
          displayName: change.displayName ?? current.displayName,
          externalId: change.externalId === undefined ? current.externalId : change.externalId,
        };
        const at = now();
        await trx('groups').where({ id }).update({ display_name: next.displayName, display_name_key: fold(next.displayName),
          external_id: next.externalId, updated_at: at, version: current.version + 1 });
        return { ...current, ...next, lastModified: at, version: current.version + 1 };
      }));
    },

    async remove(workspaceId: string, id: string, ifVersion?: number | null): Promise<boolean> {
      return inTransaction(db, async (trx) => {
        const current = await lockGroup(trx, workspaceId, id);
        if (!current) return false;
        if (ifVersion != null && ifVersion !== current.version) throw new VersionMismatch(current.version);
        await trx('groups').where({ id }).delete();
        return true;
      });
    },

    async list(workspaceId: string, opts: { where?: WhereTree | null; sort?: SortSpec | null; offset: number; limit: number }): Promise<Page<GroupRecord>> {
      const base = () => {
        const q = db('groups as g').where('g.workspace_id', workspaceId);
        if (opts.where) applyWhere(db, d, q, opts.where, groupWhereSchema);
        return q;
      };
      const [{ n }] = await base().count({ n: '*' });
      if (opts.limit === 0) return { total: Number(n), items: [] };
      const q = base().select('g.*');
      const col = opts.sort ? sortColumns[opts.sort.field] : undefined;
      if (col) q.orderByRaw(`(${col} is null), ${col} ${opts.sort!.descending ? 'desc' : 'asc'}`);
      q.orderBy('g.created_at').orderBy('g.id').offset(opts.offset, inlined).limit(opts.limit, inlined);
      return { total: Number(n), items: (await q).map(toRecord) };
    },

    /** One keyset page of members in id order: O(log N + page) whatever the group's size. */
    async members(groupId: string, opts: { after?: string | null; first: number }): Promise<MemberRecord[]> {
      const q = db('group_members as gm').where('gm.group_id', groupId)
        .leftJoin('users as u', 'u.id', 'gm.user_id').leftJoin('groups as c', 'c.id', 'gm.child_group_id')
        .select('gm.member_id', 'gm.member_type', 'u.display_name as user_display', 'u.user_name', 'c.display_name as group_display');
      if (opts.after) q.where('gm.member_id', '>', opts.after);
      const rows: Row[] = await q.orderBy('gm.member_id').limit(opts.first, inlined);
      return rows.map((r) => ({
        id: r.member_id as string, type: r.member_type as MemberType,
        display: ((r.member_type === 'User' ? r.user_display ?? r.user_name : r.group_display) as string | null) ?? null,
      }));
    },

    async memberCount(groupId: string): Promise<number> {
      const [{ n }] = await db('group_members').where('group_id', groupId).count({ n: '*' });
      return Number(n);
    },

    async hasMember(groupId: string, memberId: string): Promise<boolean> {
      return Boolean(await firstRow(db('group_members').where({ group_id: groupId, member_id: memberId }).select('member_id')));
    },
  };
  return repo;
}

export { rowsOf };
export type GroupRepository = ReturnType<typeof createGroupRepository>;
