import test from 'ava';
import type { AttrPath, FilterNode, PatchPath } from '../../../gateway/filter/ast.js';
import { parsePath } from '../../../gateway/filter/parse-path.js';
import { ScimError } from '../../../gateway/scim/errors.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

const attr = (attribute: string, subAttribute?: string, schema?: string): AttrPath => ({
  kind: 'AttrPath',
  ...(schema === undefined ? {} : { schema }),
  attribute,
  ...(subAttribute === undefined ? {} : { subAttribute }),
});
const eq = (attribute: string, value: string): FilterNode => ({ kind: 'Compare', path: attr(attribute), op: 'eq', value });

const parses = test.macro({
  exec(t, input: string, expected: PatchPath) {
    t.deepEqual(parsePath(input), expected);
  },
  title: (_provided, input: string) => `parsePath(${input})`,
});

test(parses, 'userName', { kind: 'PatchPath', path: attr('userName') });
test(parses, 'name.givenName', { kind: 'PatchPath', path: attr('name', 'givenName') });
test(parses, 'emails[type eq "work"]', { kind: 'PatchPath', path: attr('emails'), valueFilter: eq('type', 'work') });
test(parses, 'emails[type eq "work"].value', {
  kind: 'PatchPath', path: attr('emails'), valueFilter: eq('type', 'work'), subAttribute: 'value',
});
test(parses, 'addresses[type eq "work"].locality', {
  kind: 'PatchPath', path: attr('addresses'), valueFilter: eq('type', 'work'), subAttribute: 'locality',
});
test(parses, 'members[value eq "2819c223-7f76-453a-919d-413861904646"]', {
  kind: 'PatchPath', path: attr('members'), valueFilter: eq('value', '2819c223-7f76-453a-919d-413861904646'),
});
test(parses, `${ENTERPRISE}:department`, { kind: 'PatchPath', path: attr('department', undefined, ENTERPRISE) });
test(parses, `${ENTERPRISE}:manager`, { kind: 'PatchPath', path: attr('manager', undefined, ENTERPRISE) });
test(parses, `${ENTERPRISE}:manager.value`, { kind: 'PatchPath', path: attr('manager', 'value', ENTERPRISE) });
test(parses, `${CORE}:name.givenName`, { kind: 'PatchPath', path: attr('name', 'givenName', CORE) });
test(parses, `${CORE}:emails[type eq "work"].value`, {
  kind: 'PatchPath', path: attr('emails', undefined, CORE), valueFilter: eq('type', 'work'), subAttribute: 'value',
});
// Entra writes PascalCase sub-attributes (`emails[type eq "other"].Value`); case is kept as written.
test(parses, 'emails[Type EQ "other"].Value', {
  kind: 'PatchPath', path: attr('emails'), valueFilter: eq('Type', 'other'), subAttribute: 'Value',
});
test(parses, 'manager[value eq "26118915-6090-4610-87e4-49d8ca9f808d"]', {
  kind: 'PatchPath', path: attr('manager'), valueFilter: eq('value', '26118915-6090-4610-87e4-49d8ca9f808d'),
});
test(parses, 'roles[primary eq "True"]', { kind: 'PatchPath', path: attr('roles'), valueFilter: eq('primary', 'True') });
test(parses, 'emails[type eq "work" and primary eq true]', {
  kind: 'PatchPath',
  path: attr('emails'),
  valueFilter: { kind: 'And', left: eq('type', 'work'), right: { kind: 'Compare', path: attr('primary'), op: 'eq', value: true } },
});
test(parses, 'members[value eq "a\\"b"]', { kind: 'PatchPath', path: attr('members'), valueFilter: eq('value', 'a"b') });

const rejects = test.macro({
  exec(t, input: string, detail: RegExp) {
    const error = t.throws(() => parsePath(input), { instanceOf: ScimError });
    t.is(error?.status, 400);
    t.is(error?.scimType, 'invalidPath');
    t.regex(error?.message ?? '', detail);
    t.true(error?.message.startsWith(`Invalid path "${input}": `));
  },
  title: (_provided, input: string) => `parsePath(${input}) is invalidPath`,
});

test(rejects, '', /The path is empty/);
test(rejects, 'name.', /Expected a sub-attribute name at position 6, found "name\."/);
test(rejects, 'name.givenName.x', /position 16/);
test(rejects, `${ENTERPRISE}:`, new RegExp(`Expected an attribute name after the schema URN at position ${ENTERPRISE.length + 2}, found nothing`));
test(rejects, 'emails[type eq "work"', /Expected "and", "or" or "\]" after "work" at position 22, but the path ended/);
test(rejects, 'emails[type eq]', /Expected a value .* after "eq" at position 15, found "\]"/);
test(rejects, 'emails[type "work"]', /Expected a comparison operator .* after "type" at position 13, found "work"/);
test(rejects, 'emails[type eq "work"]value', /Expected "\." or the end of the path after "\]" at position 23, found "value"/);
test(rejects, 'emails[type eq "work"].', /Expected a sub-attribute name of "emails" after "\." at position 24, but the path ended/);
test(rejects, 'emails[type eq "work"].value.x', /Expected a sub-attribute name of "emails" after "\." at position 24, found "value\.x"/);
test(rejects, 'userName eq "x"', /Expected "\[" or the end of the path after "userName" at position 10, found "eq"/);
test(rejects, 'name.givenName[type eq "x"]', /position 15.*sub-attribute/);
test(rejects, 'emails[type.x eq "work"]', /Expected a sub-attribute name of "emails" after "\[" at position 8, found "type\.x"/);
test(rejects, 'emails[type eq "wo\\q"]', /Invalid escape "\\q" in string at position 19/);
test(rejects, 'emails[type eq "work]', /Unterminated string starting at position 16/);
test(rejects, '"userName"', /Expected an attribute name at position 1/);
test(rejects, '1abc', /Expected an attribute name at position 1, found "1abc"/);
