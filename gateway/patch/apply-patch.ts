// SCIM PATCH (RFC 7644 §3.5.2) applied to a User resource in memory, with the shapes Entra and
// Okta really send. Pure: the input is cloned, every operation is checked against the schema
// tables, and the first bad operation throws, so the caller stores all of it or nothing.

import type { FilterNode } from '../filter/ast.js';
import { matchFilter } from '../filter/match-filter.js';
import { parsePath } from '../filter/parse-path.js';
import type { AttributeDef, SchemaDef } from '../schema/attribute-def.js';
import { findAttribute, type ResourceSchemas } from '../schema/find-attribute.js';
import { invalidPath, invalidValue, mutability, noTarget } from '../scim/errors.js';
import { coerceComplex, coerceEntries, coerceSimple, isCleared, withoutNulls, type ComplexValue } from './coerce-value.js';
import { getMember, isRecord, sameJson, setMember, type JsonRecord } from './json-record.js';
import { inOperation, readPatchRequest, type PatchOpName } from './patch-request.js';
import { filterFromEntry, filterSeed } from './value-filter.js';

/** Where an operation points: an attribute, maybe one sub-attribute, maybe a value filter. */
interface Target {
  readonly def: AttributeDef;
  readonly sub?: AttributeDef;
  readonly filter?: FilterNode;
  /** The core URN (value at the top level) or an extension URN (value under that key). */
  readonly schemaUrn: string;
}

/** Returns the patched copy of `resource`; throws a ScimError naming the failing operation. */
export function applyPatch(resource: Record<string, unknown>, body: unknown, defs: ResourceSchemas): Record<string, unknown> {
  const operations = readPatchRequest(body);
  const doc = structuredClone(resource);
  for (const operation of operations) {
    inOperation(operation, () => {
      if (operation.path === undefined) applyMembers(doc, operation.op, operation.value as JsonRecord, defs);
      else applyAt(doc, operation.op, operation.path, operation.value, defs, false);
    });
  }
  syncSchemas(resource, doc, defs);
  return doc;
}

/** add/replace without a path: each key of the value is itself a path (`displayName`,
 * `name.givenName`, `urn:…:enterprise:2.0:User:department`, or the bare extension URN). */
function applyMembers(doc: JsonRecord, op: PatchOpName, value: JsonRecord, defs: ResourceSchemas): void {
  for (const [key, member] of Object.entries(value)) {
    // Clients echo the resource's `schemas` back; it is derived from the attributes present.
    if (key.toLowerCase() === 'schemas') continue;
    applyAt(doc, op, key, member, defs, true);
  }
}

function applyAt(doc: JsonRecord, op: PatchOpName, path: string, value: unknown, defs: ResourceSchemas, inValue: boolean): void {
  const extension = defs.extensions.find((schema) => schema.id.toLowerCase() === path.toLowerCase());
  if (extension) return applyToExtension(doc, op, extension, value, defs);
  const target = resolveTarget(defs, path);
  const readOnly = target.def.mutability === 'readOnly' || target.sub?.mutability === 'readOnly';
  // Okta's no-path replace carries the resource's own `id`: sending back an unchanged
  // read-only value changes nothing, so it is not a mutability error.
  if (readOnly && inValue && sameJson(currentValue(doc, target, defs), value)) return;
  checkMutability(doc, op, target, value, defs);
  if (target.def.multiValued) applyToList(doc, op, target, value, defs);
  else if (target.def.type === 'complex') applyToComplex(doc, op, target, value, defs);
  else applyToSimple(doc, op, target, value, defs);
}

/** The extension URN itself as the path (or a no-path key): its value is an object of the
 * extension's attributes; remove drops the whole extension. */
function applyToExtension(doc: JsonRecord, op: PatchOpName, extension: SchemaDef, value: unknown, defs: ResourceSchemas): void {
  if (op === 'remove' || isCleared(value)) return setMember(doc, extension.id, undefined);
  if (!isRecord(value)) {
    throw invalidValue(`"${extension.id}" must be an object of its attributes, got ${JSON.stringify(value)}.`);
  }
  for (const [key, member] of Object.entries(value)) applyAt(doc, op, `${extension.id}:${key}`, member, defs, true);
}

function resolveTarget(defs: ResourceSchemas, text: string): Target {
  const parsed = parsePath(text);
  const { schema, attribute } = parsed.path;
  const found = findAttribute(defs, { ...(schema === undefined ? {} : { schema }), attribute });
  if (!found) {
    throw invalidPath(`"${text}" names no attribute of this resource type (unknown attribute "${attribute}"${schema ? ` in ${schema}` : ''}).`);
  }
  const { def, schemaUrn } = found;
  const subName = parsed.subAttribute ?? parsed.path.subAttribute;
  let sub: AttributeDef | undefined;
  if (subName !== undefined) {
    sub = def.subAttributes?.find((s) => s.name.toLowerCase() === subName.toLowerCase());
    if (!sub) throw invalidPath(`"${def.name}" has no sub-attribute "${subName}".`);
  }
  if (parsed.valueFilter && def.type !== 'complex') {
    throw invalidPath(`"${def.name}" is a simple attribute; a value filter [...] needs a complex one.`);
  }
  return { def, schemaUrn, ...(sub ? { sub } : {}), ...(parsed.valueFilter ? { filter: parsed.valueFilter } : {}) };
}

function checkMutability(doc: JsonRecord, op: PatchOpName, target: Target, value: unknown, defs: ResourceSchemas): void {
  const name = target.sub ? `${target.def.name}.${target.sub.name}` : target.def.name;
  const verb = op === 'remove' ? 'removed' : 'changed';
  if (target.def.mutability === 'readOnly' || target.sub?.mutability === 'readOnly') {
    throw mutability(`"${name}" is readOnly: it is set by the server and cannot be ${verb}.`);
  }
  if (target.def.mutability === 'immutable' || target.sub?.mutability === 'immutable') {
    const current = currentValue(doc, target, defs);
    // RFC 7643 §2.2: immutable values may be written once, when there is none yet.
    if (op === 'remove' ? current !== undefined : current !== undefined && !sameJson(current, value)) {
      throw mutability(`"${name}" is immutable: it can be set once but not ${verb}.`);
    }
  }
}

function currentValue(doc: JsonRecord, target: Target, defs: ResourceSchemas): unknown {
  const box = container(doc, target.schemaUrn, defs, false);
  const value = box && getMember(box, target.def.name);
  if (!target.sub) return value;
  return isRecord(value) ? getMember(value, target.sub.name) : undefined;
}

/** The object an attribute lives in: the resource, or the extension's object under its URN. */
function container(doc: JsonRecord, schemaUrn: string, defs: ResourceSchemas, create: boolean): JsonRecord | undefined {
  if (schemaUrn === defs.core.id) return doc;
  const existing = getMember(doc, schemaUrn);
  if (isRecord(existing)) return existing;
  if (!create) return undefined;
  const created: JsonRecord = {};
  setMember(doc, schemaUrn, created);
  return created;
}

function applyToSimple(doc: JsonRecord, op: PatchOpName, target: Target, value: unknown, defs: ResourceSchemas): void {
  if (target.filter) throw invalidPath(`"${target.def.name}" is single-valued; a value filter [...] selects entries of a list.`);
  const box = container(doc, target.schemaUrn, defs, op !== 'remove');
  if (box) setMember(box, target.def.name, op === 'remove' ? undefined : coerceSimple(target.def, value, target.def.name));
}

/** A single-valued complex attribute (`name`, `manager`). add and replace merge the given
 * sub-attributes into the current value (RFC 7644 §3.5.2.1, §3.5.2.3). */
function applyToComplex(doc: JsonRecord, op: PatchOpName, target: Target, value: unknown, defs: ResourceSchemas): void {
  const { def, sub, filter } = target;
  // Only remove may select by value: Entra removes a manager by `manager[value eq "id"]`.
  if (filter && op !== 'remove') throw invalidPath(`"${def.name}" is single-valued; a value filter [...] can only select it for remove.`);
  const box = container(doc, target.schemaUrn, defs, op !== 'remove');
  if (!box) return;
  const current = getMember(box, def.name);
  if (filter && !(isRecord(current) && matchFilter(filter, current, def.subAttributes))) return;
  let next: JsonRecord | undefined = isRecord(current) ? { ...current } : {};
  if (op === 'remove') {
    if (sub) setMember(next, sub.name, undefined);
    else next = undefined;
  } else if (sub) {
    setMember(next, sub.name, coerceSimple(sub, value, `${def.name}.${sub.name}`));
  } else {
    const given = coerceComplex(def, value, def.name);
    next = given && merge(next, given);
  }
  setMember(box, def.name, next && Object.keys(next).length > 0 ? next : undefined);
}

/** A multi-valued attribute (`emails`, `addresses`, `roles`, …). */
function applyToList(doc: JsonRecord, op: PatchOpName, target: Target, value: unknown, defs: ResourceSchemas): void {
  const { def, sub, filter } = target;
  const box = container(doc, target.schemaUrn, defs, op !== 'remove');
  if (!box) return;
  const stored = getMember(box, def.name);
  let list: unknown[] = Array.isArray(stored) ? [...stored] : [];
  const touched = new Set<unknown>();
  // Entries that lost a sub-attribute; one left with only a label (`{type: "work"}`) goes.
  const emptied = new Set<unknown>();
  const matches = (entry: unknown) => !filter || (isRecord(entry) && matchFilter(filter, entry, def.subAttributes));
  const place = (entry: JsonRecord, index?: number, removing = false) => {
    touched.add(entry);
    if (removing) emptied.add(entry);
    if (index === undefined) list.push(entry);
    else list[index] = entry;
  };

  if (sub) {
    const newValue = op === 'remove' ? undefined : coerceSimple(sub, value, `${def.name}.${sub.name}`);
    let selected = 0;
    list.forEach((entry, i) => {
      if (!isRecord(entry) || !matches(entry)) return;
      selected++;
      const next = { ...entry };
      setMember(next, sub.name, newValue);
      place(next, i, newValue === undefined);
    });
    if (selected === 0 && newValue !== undefined) place({ ...seedFor(target), [sub.name]: newValue });
  } else if (filter) {
    const given = op === 'remove' ? undefined : coerceComplex(def, value, def.name);
    if (given === undefined) {
      list = list.filter((entry) => !matches(entry));
    } else {
      let selected = 0;
      list.forEach((entry, i) => {
        if (isRecord(entry) && matches(entry)) {
          selected++;
          place(merge({ ...entry }, given), i, Object.values(given).includes(null));
        }
      });
      if (selected === 0 && Object.values(given).some((v) => v !== null)) place(merge(seedFor(target), given));
    }
  } else if (op === 'remove') {
    list = value === undefined || isCleared(value) ? [] : withoutEntries(list, def, value);
  } else {
    const entries = coerceEntries(def, value, def.name);
    if (op === 'replace' || entries === undefined) list = [];
    // add appends, but adding an entry that is already there changes nothing (RFC 7644 §3.5.2.1).
    for (const entry of entries ?? []) {
      if (list.some((existing) => sameJson(existing, entry))) continue;
      touched.add(entry);
      list.push(entry);
    }
  }

  list = list.filter((entry) => !(emptied.has(entry) && isHollow(entry)));
  list = settlePrimary(list, touched, def);
  setMember(box, def.name, list.length > 0 ? list : undefined);
}

/** Entries a value filter describes when none matches yet; other filters must match something. */
function seedFor(target: Target): JsonRecord {
  if (!target.filter) return {};
  const seed = filterSeed(target.filter, target.def);
  if (!seed) {
    throw noTarget(`no "${target.def.name}" entry matches the filter, and only a filter of eq tests (like type eq "work") can describe a new one.`);
  }
  return seed;
}

/** remove with a path and a value removes only the listed entries: Entra removes group members
 * as `{"op":"Remove","path":"members","value":[{"value":"id"}]}`, and several servers wiped the
 * whole list by ignoring the value. */
function withoutEntries(list: unknown[], def: AttributeDef, value: unknown): unknown[] {
  const doomed = coerceEntries(def, value, def.name) ?? [];
  return list.filter((entry) => !doomed.some((gone) => {
    if (!isRecord(gone)) return sameJson(entry, gone);
    const filter = filterFromEntry(gone);
    return filter !== undefined && isRecord(entry) && matchFilter(filter, entry, def.subAttributes);
  }));
}

/** Sub-attributes of `given` replace those of `entry`; a null in `given` deletes one. */
function merge(entry: JsonRecord, given: ComplexValue): JsonRecord {
  for (const [key, value] of Object.entries(given)) setMember(entry, key, value === null ? undefined : value);
  return withoutNulls(entry) ?? {};
}

function isHollow(entry: unknown): boolean {
  return isRecord(entry) && Object.keys(entry).every((key) => key === 'type' || key === 'primary');
}

/** RFC 7643 §2.4: at most one entry is primary, and setting one clears the others. */
function settlePrimary(list: unknown[], touched: Set<unknown>, def: AttributeDef): unknown[] {
  const primaries = list.filter((entry) => touched.has(entry) && isRecord(entry) && entry.primary === true);
  if (primaries.length > 1) {
    throw invalidValue(`at most one "${def.name}" entry may be primary, this operation marks ${primaries.length}.`);
  }
  if (primaries.length === 0) return list;
  return list.map((entry) =>
    entry !== primaries[0] && isRecord(entry) && entry.primary === true ? { ...entry, primary: false } : entry,
  );
}

/** Keeps `schemas` in step with the extensions the patch filled or emptied; extensions left
 * empty disappear. */
function syncSchemas(before: JsonRecord, doc: JsonRecord, defs: ResourceSchemas): void {
  for (const extension of defs.extensions) {
    const had = hasData(getMember(before, extension.id));
    const has = hasData(getMember(doc, extension.id));
    if (!has) setMember(doc, extension.id, undefined);
    const schemas = doc.schemas;
    if (had === has || !Array.isArray(schemas)) continue;
    const others = schemas.filter((urn) => typeof urn !== 'string' || urn.toLowerCase() !== extension.id.toLowerCase());
    doc.schemas = has ? [...others, extension.id] : others;
  }
}

function hasData(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length > 0;
}
