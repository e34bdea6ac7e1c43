// Records every SCIM write and every failed SCIM request of an authenticated caller in the
// workspace's provisioning log (see provisioning-recorder.ts for how it is written).

import type { Middleware } from 'koa';
import type { ProvisioningRecorder } from '../provisioning-recorder.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const writes: Record<string, string> = { POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete' };

function patchOps(body: unknown): Json[] {
  if (!isObject(body)) return [];
  const ops = body.Operations ?? body.operations;
  return Array.isArray(ops) ? ops.filter(isObject) : [];
}

/** Entra deactivates and restores with a PATCH of `active`: name those operations. */
function userPatchOperation(body: unknown): string {
  for (const op of patchOps(body)) {
    const path = typeof op.path === 'string' ? op.path.toLowerCase() : '';
    const value = path === 'active' ? op.value : isObject(op.value) ? Object.entries(op.value).find(([k]) => k.toLowerCase() === 'active')?.[1] : undefined;
    if (value === undefined) continue;
    return String(value).toLowerCase() === 'false' ? 'deactivate' : 'reactivate';
  }
  return 'update';
}

function memberCounts(body: unknown): { added: number; removed: number } | null {
  let added = 0, removed = 0, touched = false;
  for (const op of patchOps(body)) {
    const kind = String(op.op ?? '').toLowerCase();
    const path = typeof op.path === 'string' ? op.path.toLowerCase() : '';
    const values = path.startsWith('members') ? op.value : isObject(op.value) ? (op.value as Json).members : undefined;
    if (!path.startsWith('members') && values === undefined) continue;
    touched = true;
    const n = Array.isArray(values) ? values.length : path.startsWith('members[') ? 1 : 0;
    if (kind === 'remove') removed += n; else added += n;
  }
  return touched ? { added, removed } : null;
}

export function provisioningLog(recorder: ProvisioningRecorder): Middleware {
  return async function provisioningLogMiddleware(ctx, next) {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const actor = ctx.state.actor;
      const route: string = ctx.state.route ?? '';
      const resourceType = /\/Users/i.test(route) ? 'User' : /\/Groups/i.test(route) ? 'Group' : null;
      const isWrite = resourceType !== null && writes[ctx.method] !== undefined && !route.endsWith('.search');
      const failed = ctx.status >= 400;
      if (actor && (isWrite || failed)) {
        const req = ctx.request.body;
        const res = ctx.body;
        let operation = route.endsWith('.search') ? 'search'
          : writes[ctx.method] ?? ((ctx as unknown as { params?: Json }).params?.id ? 'read' : 'list');
        let counts: { added: number; removed: number } | null = null;
        if (ctx.method === 'PATCH' && resourceType === 'User') operation = userPatchOperation(req);
        if (ctx.method === 'PATCH' && resourceType === 'Group') {
          counts = memberCounts(req);
          if (counts) operation = 'members';
        }
        const pick = (k: string) => (isObject(res) && typeof res[k] === 'string' ? res[k] as string : isObject(req) && typeof req[k] === 'string' ? req[k] as string : null);
        recorder.record({
          workspaceId: actor.workspaceId, at: new Date().toISOString(), operation, resourceType,
          resourceId: (ctx as unknown as { params?: Record<string, string> }).params?.id ?? (ctx.status < 300 ? pick('id') : null),
          resourceName: pick(resourceType === 'Group' ? 'displayName' : 'userName'),
          outcome: failed ? 'failure' : 'success', status: ctx.status,
          scimType: ctx.state.scimType ?? null, detail: failed ? ctx.state.scimDetail ?? null : null,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6, requestId: ctx.state.requestId,
          tokenLabel: actor.label, membersAdded: counts?.added ?? null, membersRemoved: counts?.removed ?? null,
        });
      }
    }
  };
}
