// What each benchmark sends, identical for both servers: Entra's initial-sync pattern
// (match by userName, then create the missing users) and its PATCH-heavy update job.

import type { Request } from 'autocannon';
import { seededUserName } from './seed.js';

export interface ScenarioInput {
  token: string;
  users: number;
  /** ids of the seeded users, for PATCH /Users/{id} */
  ids: string[];
  /** distinguishes the servers' created userNames */
  tag: string;
}

export interface Scenario {
  /** what --scenarios selects */
  key: string;
  name: string;
  /** a target ratio gateway/baseline, when the issue sets one */
  target?: number;
  requests(input: ScenarioInput): Request[];
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// A fixed-seed generator (mulberry32): each server gets the same sequence of users.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const headers = (token: string, body: boolean): Record<string, string> => ({
  authorization: `Bearer ${token}`, accept: 'application/scim+json',
  ...(body ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
});

let created = 0;

/** U2: what Entra POSTs for a user the filter did not find. */
export const entraCreateBody = (userName: string, n: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  externalId: `ext-${userName}`, userName, active: true, displayName: `New User ${n}`, title: 'Engineer',
  emails: [{ primary: true, type: 'work', value: userName }],
  phoneNumbers: [{ type: 'work', value: '+1 425 555 0100' }, { type: 'mobile', value: '4255550101' }],
  addresses: [{ type: 'work', streetAddress: '1 Main St', locality: 'Redmond', region: 'WA', postalCode: '98052', country: 'US' }],
  meta: { resourceType: 'User' },
  name: { formatted: `New User ${n}`, familyName: 'User', givenName: 'New' },
  roles: [],
  [ENTERPRISE]: { employeeNumber: String(n), department: 'Research' },
});

/** U4 with U7: the work email by value filter, the family name, the employee number, and
 * active flipped between "False" and "True". */
export const entraPatchBody = (n: number) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [
    { op: 'Replace', path: 'emails[type eq "work"].value', value: `updated${n}@bench.example.com` },
    { op: 'Replace', path: 'name.familyName', value: `Family${n}` },
    { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: String(n) },
    { op: 'Replace', path: 'active', value: n % 2 ? 'False' : 'True' },
  ],
});

export const scenarios: Scenario[] = [
  {
    // U1: half the userNames exist (random across all seeded users), half do not.
    key: 'filter', name: 'filter userName eq', target: 0.6,
    requests({ token, users }) {
      const next = random(1);
      return [{
        method: 'GET', headers: headers(token, false),
        setupRequest(req) {
          const userName = next() < 0.5 ? seededUserName(Math.floor(next() * users)) : `missing${Math.floor(next() * 1e9)}@bench.example.com`;
          req.path = `/scim/Users?filter=userName+eq+%22${encodeURIComponent(userName)}%22`;
          return req;
        },
      }];
    },
  },
  {
    // U2 (entraCreateBody) with a new userName each time.
    key: 'create', name: 'create (POST)', target: 0.8,
    requests({ token, tag }) {
      return [{
        method: 'POST', path: '/scim/Users', headers: headers(token, true),
        setupRequest(req) {
          const n = ++created;
          req.body = JSON.stringify(entraCreateBody(`new-${tag}-${process.pid}-${n}@bench.example.com`, n));
          return req;
        },
      }];
    },
  },
  {
    // U4 with U7 (entraPatchBody) on random seeded users.
    key: 'patch', name: 'PATCH (U4 + active)',
    requests({ token, ids }) {
      const next = random(2);
      let n = 0;
      return [{
        method: 'PATCH', headers: headers(token, true),
        setupRequest(req) {
          n++;
          req.path = `/scim/Users/${ids[Math.floor(next() * ids.length)]}`;
          req.body = JSON.stringify(entraPatchBody(n));
          return req;
        },
      }];
    },
  },
];
