// The floor the gateway is compared with: a bare Koa app on the same SQLite file doing the
// equivalent storage work with better-sqlite3 prepared statements, and nothing else — no
// GraphQL, no SCIM filter grammar, no resource rendering beyond a minimal JSON body.
// Run as a child of bench/run.ts: argv = <db file> <SCIM token>; reports {port} over IPC.

import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import Koa from 'koa';
import { serveBenchChild } from './serve-child.js';

const [file, token] = process.argv.slice(2) as [string, string];
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
// The token → workspace lookup, done once: the gateway caches it too (for a second at a time).
const tokenHash = sha256(token);
const { workspace_id: workspaceId } = db.prepare('select workspace_id from credentials where secret_hash = ?').get(tokenHash) as { workspace_id: string };

const byUserName = db.prepare('select id, user_name, active from users where workspace_id = ? and user_name_key = ?');
const insertUser = db.prepare(`insert into users (id, workspace_id, user_name, user_name_key, external_id, active,
  display_name, title, formatted_name, family_name, given_name, employee_number, department, emails, phone_numbers,
  addresses, created_at, updated_at, version)
  values (@id, @workspace_id, @user_name, @user_name_key, @external_id, @active, @display_name, @title, @formatted_name,
  @family_name, @given_name, @employee_number, @department, @emails, @phone_numbers, @addresses, @at, @at, 1)`);
const insertValue = db.prepare(`insert into user_values (user_id, workspace_id, attr, position, value, value_key, type, "primary")
  values (?, ?, ?, ?, ?, ?, ?, ?)`);
const updateUser = db.prepare(`update users set emails = ?, family_name = ?, employee_number = ?, active = ?,
  updated_at = ?, version = version + 1 where workspace_id = ? and id = ?`);

type Json = Record<string, any>;

const create = db.transaction((id: string, u: Json, at: string) => {
  const emails = (u.emails ?? []) as Json[];
  const phones = (u.phoneNumbers ?? []) as Json[];
  const addresses = (u.addresses ?? []) as Json[];
  const ext = (u['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] ?? {}) as Json;
  insertUser.run({
    id, workspace_id: workspaceId, user_name: u.userName, user_name_key: String(u.userName).toLowerCase(),
    external_id: u.externalId ?? null, active: u.active === false || u.active === 'False' ? 0 : 1,
    display_name: u.displayName ?? null, title: u.title ?? null, formatted_name: u.name?.formatted ?? null,
    family_name: u.name?.familyName ?? null, given_name: u.name?.givenName ?? null,
    employee_number: ext.employeeNumber ?? null, department: ext.department ?? null,
    emails: emails.length ? JSON.stringify(emails) : null, phone_numbers: phones.length ? JSON.stringify(phones) : null,
    addresses: addresses.length ? JSON.stringify(addresses) : null, at,
  });
  // The same index rows the repository writes, so both sides do the same storage work.
  const values = (attr: string, list: Json[], valueOf: (v: Json) => string | null) => list.forEach((v, i) => {
    const value = valueOf(v);
    insertValue.run(id, workspaceId, attr, i, value, value?.toLowerCase() ?? null, v.type ?? null, v.primary == null ? null : v.primary ? 1 : 0);
  });
  values('emails', emails, (v) => v.value ?? null);
  values('phoneNumbers', phones, (v) => v.value ?? null);
  values('addresses', addresses, (v) => v.formatted ?? null);
});

async function readBody(req: NodeJS.ReadableStream): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const send = (ctx: Koa.Context, status: number, body: unknown) => {
  ctx.status = status;
  ctx.type = 'application/scim+json; charset=utf-8';
  ctx.body = JSON.stringify(body);
};

const app = new Koa();
app.use(async (ctx) => {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
  if (!m || sha256(m[1]!) !== tokenHash) return send(ctx, 401, { status: '401' });

  if (ctx.path === '/scim/Users' && ctx.method === 'GET') {
    const f = /^userName eq "(.*)"$/i.exec(String(ctx.query.filter ?? ''));
    if (!f) return send(ctx, 400, { status: '400', scimType: 'invalidFilter' });
    const rows = byUserName.all(workspaceId, f[1]!.toLowerCase()) as Json[];
    return send(ctx, 200, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: rows.length, startIndex: 1,
      itemsPerPage: rows.length, Resources: rows.map((r) => ({ id: r.id, userName: r.user_name, active: Boolean(r.active) })),
    });
  }
  if (ctx.path === '/scim/Users' && ctx.method === 'POST') {
    const u = await readBody(ctx.req);
    const id = randomUUID();
    try {
      create(id, u, new Date().toISOString());
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return send(ctx, 409, { status: '409', scimType: 'uniqueness' });
      throw err;
    }
    return send(ctx, 201, { id, userName: u.userName });
  }
  const byId = /^\/scim\/Users\/([^/]+)$/.exec(ctx.path);
  if (byId && ctx.method === 'PATCH') {
    const ops = ((await readBody(ctx.req)).Operations ?? []) as Json[];
    const value = (path: string) => ops.find((o) => String(o.path).toLowerCase() === path.toLowerCase())?.value;
    const active = value('active');
    const changes = updateUser.run(
      JSON.stringify([{ type: 'work', value: value('emails[type eq "work"].value'), primary: true }]),
      value('name.familyName') ?? null,
      value('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber') ?? null,
      active === false || active === 'False' ? 0 : 1,
      new Date().toISOString(), workspaceId, byId[1]!,
    ).changes;
    return changes ? send(ctx, 200, { id: byId[1] }) : send(ctx, 404, { status: '404' });
  }
  send(ctx, 404, { status: '404' });
});

serveBenchChild(app.callback(), () => { db.close(); });
