// Small helpers over parsed JSON for the PATCH engines. SCIM names are case-insensitive
// (RFC 7643 §2.1), so every lookup by name goes through `keyOf`.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key of `record` that spells `name` in any case. */
export function keyOf(record: JsonRecord, name: string): string | undefined {
  if (Object.hasOwn(record, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lower);
}

export function getMember(record: JsonRecord, name: string): unknown {
  const key = keyOf(record, name);
  return key === undefined ? undefined : record[key];
}

/** Writes `value` under the canonical `name`, dropping spellings in other cases; undefined deletes. */
export function setMember(record: JsonRecord, name: string, value: unknown): void {
  for (let key = keyOf(record, name); key !== undefined; key = keyOf(record, name)) delete record[key];
  if (value !== undefined) record[name] = value;
}

/** Deep equality of JSON values, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}
