#!/usr/bin/env node
// `avanoo`: workspace, token and admin-key management from a shell, on the same DATABASE_URL
// as the server (migrating first when needed). Secrets go alone to stdout so scripts can
// capture them: TOKEN=$(avanoo token create --workspace acme).

import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connect.js';
import { migrateLatest } from '../db/migrate.js';
import { createRepositories } from '../db/repositories/index.js';
import { ConfigError, loadConfig } from '../gateway/config.js';

const usage = `Usage:
  avanoo migrate
  avanoo workspace create <slug>
  avanoo token create --workspace <slug> [--label <label>]   prints the new SCIM token alone
  avanoo token list --workspace <slug>
  avanoo token revoke <id>
  avanoo admin-key create --workspace <slug> [--label <label>] prints the new admin key alone
Environment: DATABASE_URL (default: SQLite file ./data/avanoo.db)`;

class UsageError extends Error {}

const slugPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { workspace: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [noun, verb, arg] = positionals;
  if (values.help) { console.log(usage); return 0; }
  if (!noun) throw new UsageError('a command is required');

  const config = loadConfig(process.env);
  const db = openDatabase(config.db);
  try {
    await migrateLatest(db);
    const { workspaces } = createRepositories(db);
    const needWorkspace = async (create: boolean) => {
      const slug = values.workspace;
      if (!slug) throw new UsageError('--workspace <slug> is required');
      if (!slugPattern.test(slug)) throw new UsageError(`workspace slug "${slug}": use lowercase letters, digits and dashes`);
      const ws = create ? await workspaces.ensure(slug) : await workspaces.findBySlug(slug);
      if (!ws) throw new UsageError(`no workspace "${slug}"`);
      return ws;
    };
    switch (`${noun} ${verb ?? ''}`.trim()) {
      case 'migrate':
        console.error('database is up to date');
        return 0;
      case 'workspace create': {
        if (!arg || !slugPattern.test(arg)) throw new UsageError('workspace create <slug>: lowercase letters, digits and dashes');
        if (await workspaces.findBySlug(arg)) throw new UsageError(`workspace "${arg}" already exists`);
        const ws = await workspaces.create(arg);
        console.log(ws.id);
        return 0;
      }
      case 'token create': {
        const ws = await needWorkspace(true);
        const { secret } = await workspaces.createCredential(ws.id, 'scim', values.label ?? 'SCIM');
        console.log(secret);
        return 0;
      }
      case 'token list': {
        const ws = await needWorkspace(false);
        for (const c of await workspaces.listCredentials(ws.id, 'scim')) {
          console.log([c.id, c.label, `created ${c.created}`, c.lastUsed ? `last used ${c.lastUsed}` : 'never used',
            c.revoked ? `REVOKED ${c.revoked}` : 'active'].join('\t'));
        }
        return 0;
      }
      case 'token revoke': {
        if (!arg) throw new UsageError('token revoke <id> (see: avanoo token list --workspace <slug>)');
        // Only SCIM tokens: an admin key's id must not be revocable by this command.
        const c = await workspaces.revokeCredential(arg, { kind: 'scim' });
        if (!c) throw new UsageError(`no SCIM token with id ${arg}`);
        console.error(`revoked ${c.id} (${c.label})`);
        return 0;
      }
      case 'admin-key create': {
        const ws = await needWorkspace(true);
        const { secret } = await workspaces.createCredential(ws.id, 'admin', values.label ?? 'admin');
        console.log(secret);
        return 0;
      }
      default:
        throw new UsageError(`unknown command: ${positionals.join(' ')}`);
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`avanoo: ${(err as Error).message}\n\n${usage}`);
    process.exitCode = 2;
  } else {
    console.error(`avanoo: ${(err as Error).message}`);
    process.exitCode = 1;
  }
});
