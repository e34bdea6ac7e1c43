// Seeds a fresh SQLite file with one workspace, a SCIM token and N Entra-shaped users, fast:
// the users and their user_values rows go in through knex in batches, inside one transaction,
// on the schema the migrations build (the repositories would take one transaction per user).

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { openDatabase } from '../db/connect.js';
import { fold, now } from '../db/dialect.js';
import { migrateLatest } from '../db/migrate.js';
import { createWorkspaceRepository } from '../db/repositories/workspaces.js';

export interface Seeded {
  file: string;
  workspaceId: string;
  token: string;
  users: number;
  seconds: number;
}

/** The userName of the i-th seeded user; the benchmark filters on these. */
export const seededUserName = (i: number): string => `user${i}@bench.example.com`;

// knex writes a multi-row insert as one compound SELECT, which SQLite caps at 500 terms;
// users get two user_values rows each.
const BATCH = 200;

export async function seedDatabase(file: string, users: number): Promise<Seeded> {
  const started = process.hrtime.bigint();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const db = openDatabase({ client: 'better-sqlite3', filename: file });
  try {
    await migrateLatest(db);
    const workspaces = createWorkspaceRepository(db);
    const ws = await workspaces.create('bench');
    const { secret } = await workspaces.createCredential(ws.id, 'scim', 'bench');
    const at = now();
    await db.transaction(async (trx) => {
      for (let from = 0; from < users; from += BATCH) {
        const userRows = [];
        const valueRows = [];
        for (let i = from; i < Math.min(from + BATCH, users); i++) {
          const id = randomUUID();
          const userName = seededUserName(i);
          const email = { primary: true, type: 'work', value: userName };
          const phone = { type: 'work', value: `+1 425 555 ${String(i % 10000).padStart(4, '0')}` };
          userRows.push({
            id, workspace_id: ws.id, user_name: userName, user_name_key: fold(userName), external_id: randomUUID(),
            active: true, display_name: `User ${i}`, given_name: 'User', family_name: `Number${i}`,
            formatted_name: `User Number${i}`, title: 'Engineer', employee_number: String(100000 + i),
            department: `Dept ${i % 50}`, emails: JSON.stringify([email]), phone_numbers: JSON.stringify([phone]),
            created_at: at, updated_at: at, version: 1,
          });
          valueRows.push(
            { user_id: id, workspace_id: ws.id, attr: 'emails', position: 0, value: email.value, value_key: fold(email.value), type: 'work', display: null, primary: true },
            { user_id: id, workspace_id: ws.id, attr: 'phoneNumbers', position: 0, value: phone.value, value_key: fold(phone.value), type: 'work', display: null, primary: null },
          );
        }
        await trx('users').insert(userRows);
        await trx('user_values').insert(valueRows);
      }
    });
    return { file, workspaceId: ws.id, token: secret, users, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    // Closing the last connection checkpoints the WAL, so the file can be copied as is.
    await db.destroy();
  }
}
