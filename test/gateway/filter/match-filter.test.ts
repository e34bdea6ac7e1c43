import test from 'ava';
import { matchFilter } from '../../../gateway/filter/match-filter.js';
import { parseFilter } from '../../../gateway/filter/parse-filter.js';
import type { AttributeDef } from '../../../gateway/schema/attribute-def.js';
import { findAttribute, groupSchemas, userSchemas } from '../../../gateway/schema/find-attribute.js';
import { ScimError } from '../../../gateway/scim/errors.js';

const subsOf = (attribute: string, schemas = userSchemas) => findAttribute(schemas, { attribute })!.def.subAttributes!;
const emailSubs = subsOf('emails');
const memberSubs = subsOf('members', groupSchemas);

const workEmail = { type: 'work', value: 'Jane.Doe@Contoso.com', primary: true, display: 'Jane' };
const address = { type: 'work', locality: 'Redmond', postalCode: '98052', primary: false };

const matches = test.macro({
  exec(t, filter: string, entry: Record<string, unknown>, expected: boolean, subs: readonly AttributeDef[] = emailSubs) {
    t.is(matchFilter(parseFilter(filter), entry, subs), expected);
  },
  title: (_provided, filter: string, entry: Record<string, unknown>, expected: boolean, _subs?: readonly AttributeDef[]) =>
    `${filter} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(entry)}`,
});

// eq/ne, case-insensitive for caseExact false (emails.type, emails.value), attribute names too.
test(matches, 'type eq "work"', workEmail, true);
test(matches, 'type eq "WORK"', workEmail, true);
test(matches, 'Type Eq "work"', workEmail, true);
test(matches, 'type eq "home"', workEmail, false);
test(matches, 'type ne "home"', workEmail, true);
test(matches, 'type ne "Work"', workEmail, false);
test(matches, 'value eq "jane.doe@contoso.com"', workEmail, true);
// members.value is caseExact: ids differ by case.
test(matches, 'value eq "ABC"', { value: 'abc' }, false, memberSubs);
test(matches, 'value eq "abc"', { value: 'abc' }, true, memberSubs);
// Booleans, including Entra's string form `[primary eq "True"]`.
test(matches, 'primary eq true', workEmail, true);
test(matches, 'primary eq "True"', workEmail, true);
test(matches, 'primary eq false', workEmail, false);
// An absent attribute compares as nothing: only `not (…)` or `eq null` select it.
test(matches, 'primary ne true', { value: 'x' }, false);
test(matches, 'not (primary eq true)', { value: 'x' }, true);
// Substring operators respect case-insensitivity.
test(matches, 'value co "@CONTOSO"', workEmail, true);
test(matches, 'value sw "jane."', workEmail, true);
test(matches, 'value ew ".com"', workEmail, true);
test(matches, 'value ew ".org"', workEmail, false);
test(matches, 'value co "x"', { type: 'work' }, false);
// Ordering (strings compare case-insensitively, numbers numerically).
test(matches, 'postalCode gt "98000"', address, true, subsOf('addresses'));
test(matches, 'postalCode lt "98000"', address, false, subsOf('addresses'));
test(matches, 'postalCode ge "98052"', address, true, subsOf('addresses'));
test(matches, 'postalCode le "98051"', address, false, subsOf('addresses'));
test(matches, 'rank gt 2', { rank: 3 }, true, []);
test(matches, 'rank le 2', { rank: 3 }, false, []);
// pr and null.
test(matches, 'display pr', workEmail, true);
test(matches, 'display pr', { value: 'x', display: '' }, false);
test(matches, 'display pr', { value: 'x' }, false);
test(matches, 'display eq null', { value: 'x' }, true);
test(matches, 'display ne null', workEmail, true);
// and / or / not / grouping.
test(matches, 'type eq "work" and primary eq true', workEmail, true);
test(matches, 'type eq "work" and primary eq false', workEmail, false);
test(matches, 'type eq "home" or primary eq true', workEmail, true);
test(matches, 'type eq "home" or primary eq false', workEmail, false);
test(matches, 'not (type eq "home")', workEmail, true);
test(matches, 'not (type eq "work" or type eq "home")', workEmail, false);
// Without a def, RFC 7643's default caseExact false applies; unknown attributes match nothing.
test(matches, 'label eq "A"', { label: 'a' }, true, []);
test(matches, 'nothing eq "a"', workEmail, false);

test('a comparison on a multi-valued attribute matches when any element does', (t) => {
  t.true(matchFilter(parseFilter('tags eq "b"'), { tags: ['a', 'B'] }));
  t.false(matchFilter(parseFilter('tags eq "c"'), { tags: ['a', 'B'] }));
});

test('dateTime attributes order as instants, not as text', (t) => {
  const subs = [{ ...emailSubs[0]!, name: 'since', type: 'dateTime' as const }];
  const entry = { since: '2024-05-01T12:00:00+02:00' };
  t.true(matchFilter(parseFilter('since gt "2024-05-01T09:59:00Z"'), entry, subs));
  t.false(matchFilter(parseFilter('since gt "2024-05-01T10:01:00Z"'), entry, subs));
});

const rejects = test.macro({
  exec(t, filter: string, detail: RegExp) {
    const error = t.throws(() => matchFilter(parseFilter(filter), workEmail, emailSubs), { instanceOf: ScimError });
    t.is(error?.scimType, 'invalidFilter');
    t.regex(error?.message ?? '', detail);
  },
  title: (_provided, filter: string) => `${filter} is rejected`,
});

test(rejects, 'primary gt true', /gt cannot be used on a boolean/);
test(rejects, 'primary co "t"', /co cannot be used on a boolean/);
test(rejects, 'display gt null', /only eq and ne/);
