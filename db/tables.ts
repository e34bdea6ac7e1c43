// Shapes of what the repositories take and return (camelCase); row mapping stays inside each
// repository.

export interface MultiValue {
  value?: string | null;
  display?: string | null;
  type?: string | null;
  primary?: boolean | null;
}

export interface Address {
  formatted?: string | null;
  streetAddress?: string | null;
  locality?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
  type?: string | null;
  primary?: boolean | null;
}

export const userTextFields = [
  'formattedName', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale',
  'timezone', 'employeeNumber', 'costCenter', 'organization', 'division', 'department',
] as const;
export type UserTextField = (typeof userTextFields)[number];

export const multiValuedFields = [
  'emails', 'phoneNumbers', 'ims', 'photos', 'roles', 'entitlements', 'x509Certificates', 'addresses',
] as const;
export type MultiValuedField = (typeof multiValuedFields)[number];

export type UserData = {
  userName: string;
  externalId: string | null;
  active: boolean;
  managerId: string | null;
} & { [K in UserTextField]: string | null } & {
  [K in Exclude<MultiValuedField, 'addresses'>]: MultiValue[];
} & { addresses: Address[] };

export interface UserRecord extends UserData {
  id: string;
  workspaceId: string;
  created: string;
  lastModified: string;
  version: number;
  manager: { id: string; userName: string; displayName: string | null } | null;
}

export interface GroupData {
  displayName: string;
  externalId: string | null;
}

export interface GroupRecord extends GroupData {
  id: string;
  workspaceId: string;
  created: string;
  lastModified: string;
  version: number;
}

export type MemberType = 'User' | 'Group';

export interface MemberRecord {
  id: string;
  type: MemberType;
  display: string | null;
}

export type MemberOp =
  | { op: 'add'; ids: string[] }
  | { op: 'remove'; ids: string[] }
  | { op: 'set'; ids: string[] }
  | { op: 'clear' };

export interface GroupChange {
  displayName?: string;
  externalId?: string | null;
  memberOps?: MemberOp[];
}

export interface SortSpec {
  field: string;
  descending: boolean;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export const emptyUserData = (userName: string): UserData => ({
  userName, externalId: null, active: true, managerId: null,
  ...(Object.fromEntries(userTextFields.map((f) => [f, null])) as { [K in UserTextField]: null }),
  emails: [], phoneNumbers: [], ims: [], photos: [], roles: [], entitlements: [], x509Certificates: [],
  addresses: [],
});
