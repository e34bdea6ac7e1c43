import test from 'ava';
import { groupJsonChunks, projectMembers, toScimGroup, toScimMember, type GraphMember } from '../../../gateway/render/groups.js';
import { listJsonChunks } from '../../../gateway/render/list-stream.js';
import { listResponse } from '../../../gateway/render/list-response.js';
import { project, type AttributeSelection } from '../../../gateway/render/project.js';
import { groupSchemas } from '../../../gateway/schema/find-attribute.js';
import { GROUP_URN } from '../../../gateway/scim/urns.js';

const base = 'https://id.example.com/scim';
const group = { id: 'g1', displayName: 'Eng', externalId: 'x-1', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-02T00:00:00.000Z', version: 3 };
const members: GraphMember[] = [
  { value: 'u1', type: 'User', display: 'Jane' },
  { value: 'g2', type: 'Group', display: 'Child' },
  { value: 'u2', type: 'User', display: null },
];

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

async function* pagesOf(list: GraphMember[], size: number, sel: AttributeSelection) {
  for (let i = 0; i < list.length; i += size) yield projectMembers(list.slice(i, i + size), base, sel);
  if (list.length === 0) yield [];
}

test('toScimMember: {value, $ref, display, type}, $ref to Users or Groups, no display when there is none', (t) => {
  t.deepEqual(members.map((m) => toScimMember(m, base)), [
    { value: 'u1', $ref: `${base}/Users/u1`, display: 'Jane', type: 'User' },
    { value: 'g2', $ref: `${base}/Groups/g2`, display: 'Child', type: 'Group' },
    { value: 'u2', $ref: `${base}/Users/u2`, type: 'User' },
  ]);
});

test('toScimGroup: members only when given, meta with location and weak ETag', (t) => {
  t.deepEqual(toScimGroup(group, base), {
    schemas: [GROUP_URN], id: 'g1', externalId: 'x-1', displayName: 'Eng',
    meta: { resourceType: 'Group', created: group.created, lastModified: group.lastModified, location: `${base}/Groups/g1`, version: 'W/"3"' },
  });
  t.deepEqual(toScimGroup({ ...group, externalId: null }, base, []).members, []);
  t.false('externalId' in toScimGroup({ ...group, externalId: null }, base));
});

const selections: [string, AttributeSelection][] = [
  ['no selection', {}],
  ['attributes=members.value', { attributes: ['members.value'] }],
  ['attributes=displayName,members', { attributes: ['displayName', 'members'] }],
  ['excludedAttributes=members.display,meta', { excludedAttributes: ['members.display', 'meta'] }],
];
for (const [name, sel] of selections) {
  for (const pageSize of [1, 2, 10]) {
    test(`groupJsonChunks with ${name}, pages of ${pageSize}: the same document as rendering at once`, async (t) => {
      const whole = project(toScimGroup(group, base, members), groupSchemas, sel);
      const head = project(toScimGroup(group, base), groupSchemas, sel);
      t.deepEqual(JSON.parse(await text(groupJsonChunks(head, pagesOf(members, pageSize, sel)))), whole);
    });
  }
}

test('groupJsonChunks of a group without members gives "members": []', async (t) => {
  const head = project(toScimGroup(group, base), groupSchemas, {});
  t.deepEqual(JSON.parse(await text(groupJsonChunks(head, pagesOf([], 5, {})))).members, []);
});

test('listJsonChunks: the same document as listResponse, plain and streamed resources mixed', async (t) => {
  const head = project(toScimGroup(group, base), groupSchemas, {});
  const streamed = groupJsonChunks(head, pagesOf(members, 2, {}));
  const plain = { id: 'u9', userName: 'x' };
  const doc = JSON.parse(await text(listJsonChunks({ totalResults: 9, startIndex: 4, itemsPerPage: 2 }, [plain, streamed])));
  t.deepEqual(doc, listResponse([plain, toScimGroup(group, base, members)], { totalResults: 9, startIndex: 4 }));
  const empty = JSON.parse(await text(listJsonChunks({ totalResults: 0, startIndex: 1, itemsPerPage: 0 }, [])));
  t.deepEqual(empty, listResponse([], { totalResults: 0, startIndex: 1 }));
});
