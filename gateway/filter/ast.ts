// SCIM filter and path syntax trees (RFC 7644 §3.4.2.2, §3.5.2). Every node has a `kind`.

/** An attribute path: `userName`, `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`.
 * `schema` is the URN prefix when one was written (kept in the case it was written);
 * `attribute` and `subAttribute` are kept as written (SCIM names are case-insensitive:
 * consumers compare lower-cased). */
export interface AttrPath {
  readonly kind: 'AttrPath';
  readonly schema?: string;
  readonly attribute: string;
  readonly subAttribute?: string;
}

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** compValue = false / null / true / number / string (RFC 7159 JSON values). */
export type CompValue = string | number | boolean | null;

export interface CompareNode {
  readonly kind: 'Compare';
  readonly path: AttrPath;
  readonly op: CompareOp;
  readonly value: CompValue;
}

export interface PresentNode {
  readonly kind: 'Present';
  readonly path: AttrPath;
}

export interface AndNode {
  readonly kind: 'And';
  readonly left: FilterNode;
  readonly right: FilterNode;
}

export interface OrNode {
  readonly kind: 'Or';
  readonly left: FilterNode;
  readonly right: FilterNode;
}

export interface NotNode {
  readonly kind: 'Not';
  readonly filter: FilterNode;
}

/** `emails[type eq "work" and value co "@example.com"]`: `filter` paths are relative to `path`. */
export interface ValuePathNode {
  readonly kind: 'ValuePath';
  readonly path: AttrPath;
  readonly filter: FilterNode;
}

export type FilterNode = CompareNode | PresentNode | AndNode | OrNode | NotNode | ValuePathNode;

/** A PATCH path (RFC 7644 §3.5.2): `attrPath` or `valuePath [ "." subAttr ]`.
 * `members[value eq "x"]` → { path: members, valueFilter }; `emails[type eq "work"].value`
 * → { path: emails, valueFilter, subAttribute: 'value' }. */
export interface PatchPath {
  readonly kind: 'PatchPath';
  readonly path: AttrPath;
  readonly valueFilter?: FilterNode;
  /** Sub-attribute after a value filter (`].value`). A plain `name.givenName` keeps its
   * sub-attribute in `path.subAttribute` instead. */
  readonly subAttribute?: string;
}
