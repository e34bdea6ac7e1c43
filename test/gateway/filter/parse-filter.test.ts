import test from 'ava';
import type { AttrPath, CompValue, CompareOp, FilterNode } from '../../../gateway/filter/ast.js';
import { parseFilter } from '../../../gateway/filter/parse-filter.js';
import { printFilter } from '../../../gateway/filter/print-filter.js';
import { ScimError } from '../../../gateway/scim/errors.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** `path('name.givenName')`, `path('userName', CORE)`. */
const path = (text: string, schema?: string): AttrPath => {
  const [attribute, subAttribute] = text.split('.');
  return {
    kind: 'AttrPath',
    ...(schema === undefined ? {} : { schema }),
    attribute: attribute!,
    ...(subAttribute === undefined ? {} : { subAttribute }),
  };
};
const cmp = (attr: string | AttrPath, op: CompareOp, value: CompValue): FilterNode =>
  ({ kind: 'Compare', path: typeof attr === 'string' ? path(attr) : attr, op, value });
const pr = (attr: string): FilterNode => ({ kind: 'Present', path: path(attr) });
const and = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'And', left, right });
const or = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'Or', left, right });
const not = (filter: FilterNode): FilterNode => ({ kind: 'Not', filter });
const vp = (attr: string, filter: FilterNode): FilterNode => ({ kind: 'ValuePath', path: path(attr), filter });

/** Parses to `expected`, and the canonical print parses back to the same tree. */
const parses = test.macro({
  exec(t, input: string, expected: FilterNode) {
    const node = parseFilter(input);
    t.deepEqual(node, expected);
    t.deepEqual(parseFilter(printFilter(node)), node);
  },
  title: (provided, input: string) => `${provided ? `${provided}: ` : ''}parseFilter(${input})`,
});

// RFC 7644 §3.4.2.2, Figure 2.
test('RFC 7644 Fig. 2', parses, 'userName eq "bjensen"', cmp('userName', 'eq', 'bjensen'));
test('RFC 7644 Fig. 2', parses, `name.familyName co "O'Malley"`, cmp('name.familyName', 'co', "O'Malley"));
test('RFC 7644 Fig. 2', parses, 'userName sw "J"', cmp('userName', 'sw', 'J'));
test('RFC 7644 Fig. 2', parses, `${CORE}:userName sw "J"`, cmp(path('userName', CORE), 'sw', 'J'));
test('RFC 7644 Fig. 2', parses, 'title pr', pr('title'));
for (const op of ['gt', 'ge', 'lt', 'le'] as const) {
  test('RFC 7644 Fig. 2', parses, `meta.lastModified ${op} "2011-05-13T04:42:34Z"`, cmp('meta.lastModified', op, '2011-05-13T04:42:34Z'));
}
test('RFC 7644 Fig. 2', parses, 'title pr and userType eq "Employee"', and(pr('title'), cmp('userType', 'eq', 'Employee')));
test('RFC 7644 Fig. 2', parses, 'title pr or userType eq "Intern"', or(pr('title'), cmp('userType', 'eq', 'Intern')));
test('RFC 7644 Fig. 2', parses, `schemas eq "${ENTERPRISE}"`, cmp('schemas', 'eq', ENTERPRISE));
test('RFC 7644 Fig. 2', parses, 'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
  and(cmp('userType', 'eq', 'Employee'), or(cmp('emails', 'co', 'example.com'), cmp('emails.value', 'co', 'example.org'))));
test('RFC 7644 Fig. 2', parses, 'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
  and(cmp('userType', 'ne', 'Employee'), not(or(cmp('emails', 'co', 'example.com'), cmp('emails.value', 'co', 'example.org')))));
test('RFC 7644 Fig. 2', parses, 'userType eq "Employee" and (emails.type eq "work")',
  and(cmp('userType', 'eq', 'Employee'), cmp('emails.type', 'eq', 'work')));
test('RFC 7644 Fig. 2', parses, 'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
  and(cmp('userType', 'eq', 'Employee'), vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com')))));
test('RFC 7644 Fig. 2', parses, 'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
  or(vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
    vp('ims', and(cmp('type', 'eq', 'xmpp'), cmp('value', 'co', '@foo.com')))));

// What Entra sends (docs/entra-protocol.md §2, §3.2).
const guid = '7f4bb3c2-60a5-4f6e-9a0a-0c6d1e8b2c11';
test('Entra', parses, `userName eq "${guid}"`, cmp('userName', 'eq', guid));
test('Entra', parses, 'userName eq "Test_User_a@contoso.com"', cmp('userName', 'eq', 'Test_User_a@contoso.com'));
test('Entra', parses, `externalId eq "${guid}"`, cmp('externalId', 'eq', guid));
test('Entra', parses, 'displayName eq "Group 1 (Sales & Marketing)"', cmp('displayName', 'eq', 'Group 1 (Sales & Marketing)'));
test('Entra', parses, `members[value eq "${guid}"]`, vp('members', cmp('value', 'eq', guid)));
test('Entra', parses, 'emails[type eq "work"].value eq "a@contoso.com"',
  vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'eq', 'a@contoso.com'))));
test('Entra', parses, 'roles[primary eq "True"]', vp('roles', cmp('primary', 'eq', 'True')));
test('Entra legacy reference check', parses, `id eq "a1" and manager eq "${guid}"`,
  and(cmp('id', 'eq', 'a1'), cmp('manager', 'eq', guid)));
test('Entra enterprise', parses, `${ENTERPRISE}:employeeNumber eq "701984"`, cmp(path('employeeNumber', ENTERPRISE), 'eq', '701984'));
test('Entra enterprise', parses, `${ENTERPRISE}:manager.value eq "${guid}"`, cmp(path('manager.value', ENTERPRISE), 'eq', guid));

// Grammar details.
test('keywords are case-insensitive', parses, 'UserName EQ "x" AND Title PR OR NOT (active Eq TRUE)',
  or(and(cmp('UserName', 'eq', 'x'), pr('Title')), not(cmp('active', 'eq', true))));
test('and binds tighter than or', parses, 'a eq 1 or b eq 2 and c eq 3', or(cmp('a', 'eq', 1), and(cmp('b', 'eq', 2), cmp('c', 'eq', 3))));
test('and binds tighter than or', parses, 'a eq 1 and b eq 2 or c eq 3', or(and(cmp('a', 'eq', 1), cmp('b', 'eq', 2)), cmp('c', 'eq', 3)));
test('parentheses override', parses, '(a eq 1 or b eq 2) and c eq 3', and(or(cmp('a', 'eq', 1), cmp('b', 'eq', 2)), cmp('c', 'eq', 3)));
test('left-associative', parses, 'a pr and b pr and c pr', and(and(pr('a'), pr('b')), pr('c')));
test('right nesting kept', parses, 'a pr and (b pr and c pr)', and(pr('a'), and(pr('b'), pr('c'))));
test('right nesting kept', parses, 'a pr or (b pr or c pr)', or(pr('a'), or(pr('b'), pr('c'))));
test('redundant parentheses', parses, '((userName eq "x"))', cmp('userName', 'eq', 'x'));
test('not inside a value filter', parses, 'emails[not (type eq "work")]', vp('emails', not(cmp('type', 'eq', 'work'))));
test('parentheses inside a value filter', parses, 'emails[(type eq "work" or type eq "home") and primary eq true]',
  vp('emails', and(or(cmp('type', 'eq', 'work'), cmp('type', 'eq', 'home')), cmp('primary', 'eq', true))));
test('value path with sub-attribute pr', parses, 'emails[type eq "work"].value pr', vp('emails', and(cmp('type', 'eq', 'work'), pr('value'))));
test('numbers', parses, 'x gt -1.5e3', cmp('x', 'gt', -1500));
test('numbers', parses, 'x eq 0', cmp('x', 'eq', 0));
test('literals', parses, 'x eq false or y eq null', or(cmp('x', 'eq', false), cmp('y', 'eq', null)));
test('literals in any case', parses, 'x eq False', cmp('x', 'eq', false));
test('JSON escapes', parses, String.raw`x eq "a\"b\\c\/d\n\t\u00e9"`, cmp('x', 'eq', 'a"b\\c/d\n\té'));
test('quoted keywords are strings', parses, 'x eq "true"', cmp('x', 'eq', 'true'));
test('no space before a string', parses, 'userName eq"x"', cmp('userName', 'eq', 'x'));
test('extra whitespace', parses, '  userName   eq  "x"  ', cmp('userName', 'eq', 'x'));
test('$ref sub-attribute', parses, 'members.$ref pr', pr('members.$ref'));

test('printFilter is canonical', (t) => {
  const cases: [string, string][] = [
    ['UserName EQ "x"', 'UserName eq "x"'],
    ['(a eq 1 or b eq 2) and c eq 3', '(a eq 1 or b eq 2) and c eq 3'],
    ['((a pr)) or (b pr and c pr)', 'a pr or b pr and c pr'],
    ['not(a pr)', 'not (a pr)'],
    ['emails[type eq "work"].value eq "x"', 'emails[type eq "work" and value eq "x"]'],
    [String.raw`x eq "a\u0022"`, String.raw`x eq "a\""`],
    ['x eq NULL', 'x eq null'],
  ];
  for (const [input, printed] of cases) t.is(printFilter(parseFilter(input)), printed, input);
});

/** invalidFilter, with `detail` matching exactly. */
const rejects = test.macro({
  exec(t, input: string, detail: string) {
    const error = t.throws(() => parseFilter(input), { instanceOf: ScimError });
    t.is(error?.status, 400);
    t.is(error?.scimType, 'invalidFilter');
    t.is(error?.message, detail);
  },
  title: (_provided, input: string) => `parseFilter(${input}) is invalidFilter`,
});

const COMPARISON = 'a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)';
const VALUE = 'a value (a "quoted string", a number, true, false or null)';
test(rejects, '', 'The filter is empty');
test(rejects, '   ', 'The filter is empty');
test(rejects, 'userName', `Expected ${COMPARISON} after "userName" at position 9, but the filter ended`);
test(rejects, 'userName ', `Expected ${COMPARISON} after "userName" at position 10, but the filter ended`);
test(rejects, 'userName equals "x"', `Expected ${COMPARISON} after "userName" at position 10, found "equals"`);
test(rejects, 'userName "x"', `Expected ${COMPARISON} after "userName" at position 10, found "x"`);
test(rejects, 'userName eq', `Expected ${VALUE} after "eq" at position 12, but the filter ended`);
test(rejects, 'externalId eq jyoung', `Expected ${VALUE} after "eq" at position 15, found "jyoung" (text values must be in double quotes)`);
test(rejects, 'userName eq (', `Expected ${VALUE} after "eq" at position 13, found "("`);
test(rejects, 'userName eq "x" and', 'Expected an attribute name, "not" or "(" after "and" at position 20, but the filter ended');
test(rejects, 'userName eq "x" and or title pr', 'Expected an attribute name, "not" or "(" after "and" at position 21, found "or"');
test(rejects, 'and title pr', 'Expected an attribute name, "not" or "(" at position 1, found "and"');
test(rejects, 'userName eq "x" xor title pr', 'Expected "and", "or" or the end of the filter after "x" at position 17, found "xor"');
test(rejects, 'title pr pr', 'Expected "and", "or" or the end of the filter after "pr" at position 10, found "pr"');
test(rejects, '(userName eq "x"', 'Expected "and", "or" or ")" after "x" at position 17, but the filter ended');
test(rejects, 'userName eq "x")', 'Expected "and", "or" or the end of the filter after "x" at position 16, found ")"');
test(rejects, '()', 'Expected an attribute name, "not" or "(" after "(" at position 2, found ")"');
test(rejects, 'not userName eq "x"', 'Expected "(" after "not" at position 5, found "userName" (not must be followed by a parenthesised filter)');
test(rejects, 'emails[type eq "work"', 'Expected "and", "or" or "]" after "work" at position 22, but the filter ended');
test(rejects, 'emails[type eq "work"].', 'Expected a sub-attribute name of "emails" after "." at position 24, but the filter ended');
test(rejects, 'emails[type eq "work"].value', `Expected ${COMPARISON} after "value" at position 29, but the filter ended`);
test(rejects, 'emails[]', 'Expected a sub-attribute name of "emails", "not" or "(" after "[" at position 8, found "]"');
test(rejects, 'emails[value eq "x" and members[value pr]]', `Expected ${COMPARISON} after "members" at position 32, found "[" (value filters cannot be nested)`);
test(rejects, 'emails[emails.value eq "x"]', 'Expected a sub-attribute name of "emails" after "[" at position 8, found "emails.value"');
test(rejects, 'name.givenName[value pr]', `Expected ${COMPARISON} after "name.givenName" at position 15, found "[" ("name.givenName" is a sub-attribute; a value filter goes on the attribute itself)`);
test(rejects, 'name.givenName.x eq "a"', 'Expected no more than one "." in an attribute path at position 16, found "x"');
test(rejects, 'name. eq "a"', 'Expected a sub-attribute name at position 6, found "name."');
test(rejects, `${CORE}: eq "a"`, `Expected an attribute name after the schema URN at position ${CORE.length + 2}, found nothing`);
test(rejects, '"userName" eq "x"', 'Expected an attribute name, "not" or "(" at position 1, found "userName"');
test(rejects, '1x eq "a"', 'Expected an attribute name at position 1, found "1x"');
test(rejects, 'userName eq "bjensen', 'Unterminated string starting at position 13: missing closing \'"\'');
test(rejects, String.raw`userName eq "a\x"`, String.raw`Invalid escape "\x" in string at position 15: only \" \\ \/ \b \f \n \r \t and \uXXXX are allowed`);
test(rejects, String.raw`userName eq "\u12"`, String.raw`Invalid \u escape in string at position 14: expected 4 hex digits`);
test(rejects, 'meta.lastModified gt 2011-05-13T04:42:34Z', `Expected ${VALUE} after "gt" at position 22, found "2011-05-13T04:42:34Z" (text values must be in double quotes)`);
