// First start on an empty database: create the `default` workspace and a token for it, so a
// newcomer can point Entra, Okta or curl at the server at once.

import type { Repositories } from '../db/repositories/index.js';

export async function bootstrapDefaultWorkspace(repos: Repositories): Promise<{ token: string } | null> {
  if ((await repos.workspaces.count()) > 0) return null;
  // Instances starting together on an empty database: only the one whose insert made the
  // workspace issues (and prints) its first token.
  const { workspace, created } = await repos.workspaces.ensureCreated('default');
  if (!created) return null;
  const { secret } = await repos.workspaces.createCredential(workspace.id, 'scim', 'bootstrap');
  return { token: secret };
}
