// Request bodies of the Entra catalogue (../shared/docs/entra-protocol.md §8), stored as JSON
// under test/_fixtures/entra and named after their catalogue entry. Placeholders such as
// <managerId> are filled in per test, inside string values only.

import { readFileSync } from 'node:fs';

const dir = new URL('../../../test/_fixtures/entra/', import.meta.url);

export function entraFixture<T = any>(name: string, vars: Record<string, string> = {}): T {
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/<(\w+)>/g, (m, key: string) => vars[key] ?? m);
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  const filled = fill(JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')));
  const left = JSON.stringify(filled).match(/<(managerId|baseUrl|id)>/);
  if (left) throw new Error(`fixture ${name}: placeholder ${left[0]} not given`);
  return filled as T;
}
