// attributes / excludedAttributes projection of a rendered resource (RFC 7644 §3.4.2.5, §3.9),
// driven by each attribute's `returned` characteristic (RFC 7643 §7).

import type { AttributeDef } from '../schema/attribute-def.js';
import { commonAttributes } from '../schema/common.attributes.js';
import { byName, findAttribute, type ResourceSchemas } from '../schema/find-attribute.js';

export interface AttributeSelection {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

/** Per top-level attribute: named whole, or only some of its sub-attributes (lower-cased). */
type Named = 'whole' | Set<string>;

interface NameSet {
  /** Lower-cased URNs named as a whole (`urn:…:enterprise:2.0:User`). */
  readonly schemas: Set<string>;
  /** Keyed by `${schemaUrn} ${attributeName}`, lower-cased. */
  readonly attributes: Map<string, Named>;
}

interface Selection {
  readonly included?: NameSet;
  readonly excluded?: NameSet;
}

/** What to keep of one attribute: `only` narrows to named sub-attributes, `without` drops some. */
interface Plan {
  readonly only?: ReadonlySet<string>;
  readonly without?: ReadonlySet<string>;
}

export function project(
  resource: Record<string, unknown>,
  defs: ResourceSchemas,
  sel: AttributeSelection,
): Record<string, unknown> {
  const selection = compileSelection(defs, sel);
  const topLevel = [...commonAttributes, ...defs.core.attributes];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas') {
      out[key] = value;
      continue;
    }
    const extension = defs.extensions.find((schema) => schema.id.toLowerCase() === key.toLowerCase());
    if (extension) {
      if (isObject(value)) {
        const projected = projectLevel(value, extension.attributes, extension.id, selection);
        if (Object.keys(projected).length > 0) out[key] = projected;
      }
      continue;
    }
    projectEntry(out, key, value, topLevel, defs.core.id, selection);
  }
  return out;
}

/** Whether `attribute` (a top-level name, optionally URN-qualified) survives the selection,
 * so the caller can skip loading it (a large group's `members`). */
export function selectsAttribute(defs: ResourceSchemas, sel: AttributeSelection, attribute: string): boolean {
  const name = resolveName(defs, attribute);
  return name?.kind === 'attribute' && plan(name.def, name.schemaUrn, compileSelection(defs, sel)) !== undefined;
}

function projectLevel(
  object: Record<string, unknown>,
  defs: readonly AttributeDef[],
  schemaUrn: string,
  selection: Selection,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) projectEntry(out, key, value, defs, schemaUrn, selection);
  return out;
}

function projectEntry(
  out: Record<string, unknown>,
  key: string,
  value: unknown,
  defs: readonly AttributeDef[],
  schemaUrn: string,
  selection: Selection,
): void {
  const def = byName(defs, key);
  if (!def) {
    // Not in our schemas, so it cannot be named; it is only shown when nothing narrows the set.
    if (!selection.included) out[key] = value;
    return;
  }
  const kept = plan(def, schemaUrn, selection);
  if (!kept) return;
  const projected = def.subAttributes ? projectComplex(value, def.subAttributes, kept) : value;
  if (projected !== undefined) out[key] = projected;
}

function plan(def: AttributeDef, schemaUrn: string, selection: Selection): Plan | undefined {
  if (def.returned === 'never') return undefined;
  const named = lookup(selection.included, schemaUrn, def);
  const excluded = lookup(selection.excluded, schemaUrn, def);
  if (def.returned !== 'always') {
    const wanted = selection.included ? named !== undefined : def.returned !== 'request';
    if (!wanted || excluded === 'whole') return undefined;
  }
  return {
    ...(named instanceof Set ? { only: named } : {}),
    ...(excluded instanceof Set ? { without: excluded } : {}),
  };
}

/** Applies a plan to a complex value or to each entry of a multi-valued one. Entries and
 * values that the selection empties are dropped rather than sent as `{}`. */
function projectComplex(value: unknown, subDefs: readonly AttributeDef[], kept: Plan): unknown {
  if (Array.isArray(value)) {
    const entries = value.map((entry) => (isObject(entry) ? projectSubAttributes(entry, subDefs, kept) : entry));
    const nonEmpty = entries.filter((entry) => !isObject(entry) || Object.keys(entry).length > 0);
    return value.length > 0 && nonEmpty.length === 0 ? undefined : nonEmpty;
  }
  if (!isObject(value)) return value;
  const projected = projectSubAttributes(value, subDefs, kept);
  return Object.keys(value).length > 0 && Object.keys(projected).length === 0 ? undefined : projected;
}

function projectSubAttributes(
  entry: Record<string, unknown>,
  subDefs: readonly AttributeDef[],
  kept: Plan,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    const sub = byName(subDefs, key);
    const lower = key.toLowerCase();
    if (!sub) {
      if (!kept.only) out[key] = value;
      continue;
    }
    if (sub.returned === 'never') continue;
    if (sub.returned !== 'always') {
      const wanted = kept.only ? kept.only.has(lower) : sub.returned !== 'request';
      if (!wanted || kept.without?.has(lower)) continue;
    }
    out[key] = value;
  }
  return out;
}

function compileSelection(defs: ResourceSchemas, sel: AttributeSelection): Selection {
  const included = compileNames(defs, sel.attributes);
  const excluded = compileNames(defs, sel.excludedAttributes);
  return { ...(included ? { included } : {}), ...(excluded ? { excluded } : {}) };
}

function compileNames(defs: ResourceSchemas, names: readonly string[] | undefined): NameSet | undefined {
  if (!names || names.length === 0) return undefined;
  const set: NameSet = { schemas: new Set(), attributes: new Map() };
  for (const raw of names) {
    const name = resolveName(defs, raw);
    // Unknown names select nothing (RFC 7644 leaves this open; failing the read helps no one).
    if (!name) continue;
    if (name.kind === 'schema') {
      set.schemas.add(name.schemaUrn.toLowerCase());
      continue;
    }
    const key = attributeKey(name.schemaUrn, name.def);
    const previous = set.attributes.get(key);
    if (name.sub === undefined) set.attributes.set(key, 'whole');
    else if (previous instanceof Set) previous.add(name.sub.name.toLowerCase());
    else if (previous === undefined) set.attributes.set(key, new Set([name.sub.name.toLowerCase()]));
  }
  return set;
}

function lookup(set: NameSet | undefined, schemaUrn: string, def: AttributeDef): Named | undefined {
  if (!set) return undefined;
  if (set.schemas.has(schemaUrn.toLowerCase())) return 'whole';
  return set.attributes.get(attributeKey(schemaUrn, def));
}

type ResolvedName =
  | { kind: 'schema'; schemaUrn: string }
  | { kind: 'attribute'; schemaUrn: string; def: AttributeDef; sub?: AttributeDef };

/** `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`, or a whole schema URN. A value
 * filter (`emails[type eq "work"]`, sent by Microsoft's test suite) is read as the attribute
 * it filters: projection selects attributes, not values. */
function resolveName(defs: ResourceSchemas, raw: string): ResolvedName | undefined {
  const name = raw.trim().replace(/\[[^\]]*\]/g, '');
  const lower = name.toLowerCase();
  let schema: string | undefined;
  let rest = name;
  for (const candidate of [defs.core, ...defs.extensions]) {
    const urn = candidate.id.toLowerCase();
    if (lower === urn) return { kind: 'schema', schemaUrn: candidate.id };
    if (lower.startsWith(`${urn}:`)) {
      schema = candidate.id;
      rest = name.slice(urn.length + 1);
      break;
    }
  }
  const dot = rest.indexOf('.');
  const attribute = dot < 0 ? rest : rest.slice(0, dot);
  const subAttribute = dot < 0 ? undefined : rest.slice(dot + 1);
  const found = findAttribute(defs, {
    ...(schema !== undefined ? { schema } : {}),
    attribute,
    ...(subAttribute !== undefined ? { subAttribute } : {}),
  });
  return found && { kind: 'attribute', schemaUrn: found.schemaUrn, def: found.def, ...(found.sub ? { sub: found.sub } : {}) };
}

const attributeKey = (schemaUrn: string, def: AttributeDef) => `${schemaUrn} ${def.name}`.toLowerCase();

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
