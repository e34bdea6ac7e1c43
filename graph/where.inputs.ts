// The structured `where` language shared by every list query. The SCIM gateway compiles
// filters into it; frontends write it by hand. Case sensitivity is a property of the
// attribute (decided by the graph), not of the query.

import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Comparisons on a text attribute. Several set operators are ANDed.' })
export class StringFilter {
  @Field(() => String, { nullable: true }) eq?: string;
  @Field(() => String, { nullable: true }) ne?: string;
  @Field(() => String, { nullable: true, description: 'contains' }) co?: string;
  @Field(() => String, { nullable: true, description: 'starts with' }) sw?: string;
  @Field(() => String, { nullable: true, description: 'ends with' }) ew?: string;
  @Field(() => String, { nullable: true }) gt?: string;
  @Field(() => String, { nullable: true }) ge?: string;
  @Field(() => String, { nullable: true }) lt?: string;
  @Field(() => String, { nullable: true }) le?: string;
  @Field(() => Boolean, { nullable: true, description: 'true: has a non-empty value; false: has none' })
  pr?: boolean;
}

@InputType()
export class BooleanFilter {
  @Field(() => Boolean, { nullable: true }) eq?: boolean;
  @Field(() => Boolean, { nullable: true }) ne?: boolean;
  @Field(() => Boolean, { nullable: true }) pr?: boolean;
}

@InputType({ description: 'Comparisons on an ISO-8601 timestamp.' })
export class DateTimeFilter {
  @Field(() => String, { nullable: true }) eq?: string;
  @Field(() => String, { nullable: true }) ne?: string;
  @Field(() => String, { nullable: true }) gt?: string;
  @Field(() => String, { nullable: true }) ge?: string;
  @Field(() => String, { nullable: true }) lt?: string;
  @Field(() => String, { nullable: true }) le?: string;
  @Field(() => Boolean, { nullable: true }) pr?: boolean;
}

@InputType({ description: 'Matches a user having at least one entry of a multi-valued attribute (emails, phoneNumbers, …) that satisfies every condition. An empty object matches a user with any entry.' })
export class MultiValueWhere {
  @Field(() => [MultiValueWhere], { nullable: true }) and?: MultiValueWhere[];
  @Field(() => [MultiValueWhere], { nullable: true }) or?: MultiValueWhere[];
  @Field(() => MultiValueWhere, { nullable: true }) not?: MultiValueWhere;
  @Field(() => StringFilter, { nullable: true }) value?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) display?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) type?: StringFilter;
  @Field(() => BooleanFilter, { nullable: true }) primary?: BooleanFilter;
}

@InputType({ description: 'A filter over users: the fields of one object are ANDed.' })
export class UserWhere {
  @Field(() => [UserWhere], { nullable: true }) and?: UserWhere[];
  @Field(() => [UserWhere], { nullable: true }) or?: UserWhere[];
  @Field(() => UserWhere, { nullable: true }) not?: UserWhere;
  @Field(() => StringFilter, { nullable: true }) id?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) userName?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) externalId?: StringFilter;
  @Field(() => BooleanFilter, { nullable: true }) active?: BooleanFilter;
  @Field(() => StringFilter, { nullable: true }) formattedName?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) familyName?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) givenName?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) middleName?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) honorificPrefix?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) honorificSuffix?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) displayName?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) nickName?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) profileUrl?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) title?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) userType?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) preferredLanguage?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) locale?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) timezone?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) employeeNumber?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) costCenter?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) organization?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) division?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) department?: StringFilter;
  @Field(() => StringFilter, { nullable: true, description: 'the manager\'s user id' }) managerId?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) created?: DateTimeFilter;
  @Field(() => DateTimeFilter, { nullable: true }) lastModified?: DateTimeFilter;
  @Field(() => MultiValueWhere, { nullable: true }) emails?: MultiValueWhere;
  @Field(() => MultiValueWhere, { nullable: true }) phoneNumbers?: MultiValueWhere;
  @Field(() => MultiValueWhere, { nullable: true }) ims?: MultiValueWhere;
  @Field(() => MultiValueWhere, { nullable: true }) photos?: MultiValueWhere;
  @Field(() => MultiValueWhere, { nullable: true }) roles?: MultiValueWhere;
  @Field(() => MultiValueWhere, { nullable: true }) entitlements?: MultiValueWhere;
  @Field(() => MultiValueWhere, { nullable: true, description: 'addresses: value matches formatted, type/primary as usual' }) addresses?: MultiValueWhere;
  @Field(() => MultiValueWhere, { nullable: true, description: 'groups the user is a member of, directly or through nested groups: value is the group id, display its name' }) groups?: MultiValueWhere;
}

@InputType({ description: 'Matches a group having at least one member that satisfies every condition.' })
export class MemberWhere {
  @Field(() => StringFilter, { nullable: true, description: 'member id' }) value?: StringFilter;
  @Field(() => StringFilter, { nullable: true, description: 'USER or GROUP' }) type?: StringFilter;
}

@InputType({ description: 'A filter over groups: the fields of one object are ANDed.' })
export class GroupWhere {
  @Field(() => [GroupWhere], { nullable: true }) and?: GroupWhere[];
  @Field(() => [GroupWhere], { nullable: true }) or?: GroupWhere[];
  @Field(() => GroupWhere, { nullable: true }) not?: GroupWhere;
  @Field(() => StringFilter, { nullable: true }) id?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) displayName?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) externalId?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) created?: DateTimeFilter;
  @Field(() => DateTimeFilter, { nullable: true }) lastModified?: DateTimeFilter;
  @Field(() => MemberWhere, { nullable: true }) members?: MemberWhere;
}
