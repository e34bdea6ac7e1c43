// First start on an empty database: create the `default` workspace and a token for it, so a
// newcomer can point Entra, Okta or curl at the server at once.

import type { Repositories } from '../db/repositories/index.js';

export async function bootstrapDefaultWorkspace(repos: Repositories): Promise<{ token: string } | null> {
  if ((await repos.workspaces.count()) > 0) return null;
  const ws = await repos.workspaces.ensure('default');
  // Another instance starting at the same moment may have made one already.
  if ((await repos.workspaces.listCredentials(ws.id, 'scim')).length > 0) return null;
  const { secret } = await repos.workspaces.createCredential(ws.id, 'scim', 'bootstrap');
  return { token: secret };
}
