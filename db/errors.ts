// Dialect-neutral storage errors. Repositories translate driver errors once, here, so no
// layer above reads SQLSTATEs or SQLite error codes.

export class UniqueViolation extends Error {
  constructor(readonly column: string, options?: { cause?: unknown }) {
    super(`unique constraint violated on ${column}`, options);
    this.name = 'UniqueViolation';
  }
}

/** A write whose `version` precondition did not hold (someone else changed the row). */
export class VersionMismatch extends Error {
  constructor(readonly current: number) {
    super(`row is at version ${current}`);
    this.name = 'VersionMismatch';
  }
}

/** Ids named in a write that are not in the workspace. */
export class UnknownReferences extends Error {
  constructor(readonly field: string, readonly ids: string[]) {
    super(`unknown ${field}: ${ids.join(', ')}`);
    this.name = 'UnknownReferences';
  }
}

interface DriverError { code?: string; constraint?: string; detail?: string; message?: string }

/** Maps the constraint or index that failed to the column a caller would name. */
const columnByIndex: Record<string, string> = {
  users_workspace_user_name_key_unique: 'userName',
  users_workspace_external_id_unique: 'externalId',
  groups_workspace_display_name_key_unique: 'displayName',
  groups_workspace_external_id_unique: 'externalId',
  workspaces_slug_unique: 'slug',
};

const columnBySqliteColumn: Record<string, string> = {
  'users.user_name_key': 'userName',
  'users.external_id': 'externalId',
  'groups.display_name_key': 'displayName',
  'groups.external_id': 'externalId',
  'workspaces.slug': 'slug',
};

/** Foreign keys a write can break when the row it names is deleted concurrently. */
const fieldByForeignKey: Record<string, string> = {
  group_members_user_id_foreign: 'members',
  group_members_child_group_id_foreign: 'members',
  users_manager_id_foreign: 'manager',
};

export function translateDriverError(err: unknown): unknown {
  const e = err as DriverError;
  // The referenced row existed when the write checked it and was deleted (by another
  // instance) before the insert: the same answer as if it had never existed.
  if (e?.code === '23503' && fieldByForeignKey[e.constraint ?? '']) {
    const id = /^Key \([^)]*\)=\(([^)]*)\)/.exec(e.detail ?? '')?.[1];
    return new UnknownReferences(fieldByForeignKey[e.constraint!]!, id ? [id] : []);
  }
  if (e?.code === '23505') {
    return new UniqueViolation(columnByIndex[e.constraint ?? ''] ?? e.constraint ?? 'unknown', { cause: err });
  }
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // "UNIQUE constraint failed: users.workspace_id, users.user_name_key"
    const cols = (e.message ?? '').split(':').pop()?.split(',').map((s) => s.trim()) ?? [];
    const named = cols.map((c) => columnBySqliteColumn[c]).find(Boolean);
    return new UniqueViolation(named ?? cols.join(','), { cause: err });
  }
  return err;
}

/** Runs a write and rethrows driver errors in our vocabulary. */
export async function translatingErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw translateDriverError(err);
  }
}
