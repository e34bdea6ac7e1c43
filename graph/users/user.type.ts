import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Address, MultiValue, OffsetPageInfo } from '../common.types.js';

@InputType('NameInput')
@ObjectType()
export class Name {
  @Field(() => String, { nullable: true }) formatted?: string | null;
  @Field(() => String, { nullable: true }) familyName?: string | null;
  @Field(() => String, { nullable: true }) givenName?: string | null;
  @Field(() => String, { nullable: true }) middleName?: string | null;
  @Field(() => String, { nullable: true }) honorificPrefix?: string | null;
  @Field(() => String, { nullable: true }) honorificSuffix?: string | null;
}

@ObjectType({ description: 'A reference to another user (the manager).' })
export class UserRef {
  @Field(() => ID) id!: string;
  @Field(() => String) userName!: string;
  @Field(() => String, { nullable: true }) displayName?: string | null;
}

@ObjectType({ description: 'A group the user belongs to, directly or through a nested group.' })
export class UserGroup {
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
  @Field(() => Boolean, { description: 'false when the membership comes through a nested group' }) direct!: boolean;
}

@ObjectType()
export class User {
  @Field(() => ID) id!: string;
  @Field(() => String) userName!: string;
  @Field(() => String, { nullable: true }) externalId?: string | null;
  @Field(() => Boolean, { description: 'false: deprovisioned (soft-deleted by the identity provider); may not sign in to Avanoo' })
  active!: boolean;
  @Field(() => Name) name!: Name;
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String, { nullable: true }) nickName?: string | null;
  @Field(() => String, { nullable: true }) profileUrl?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) userType?: string | null;
  @Field(() => String, { nullable: true }) preferredLanguage?: string | null;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => [MultiValue]) emails!: MultiValue[];
  @Field(() => [MultiValue]) phoneNumbers!: MultiValue[];
  @Field(() => [MultiValue]) ims!: MultiValue[];
  @Field(() => [MultiValue]) photos!: MultiValue[];
  @Field(() => [MultiValue]) roles!: MultiValue[];
  @Field(() => [MultiValue]) entitlements!: MultiValue[];
  @Field(() => [MultiValue]) x509Certificates!: MultiValue[];
  @Field(() => [Address]) addresses!: Address[];
  @Field(() => String, { nullable: true }) employeeNumber?: string | null;
  @Field(() => String, { nullable: true }) costCenter?: string | null;
  @Field(() => String, { nullable: true }) organization?: string | null;
  @Field(() => String, { nullable: true }) division?: string | null;
  @Field(() => String, { nullable: true }) department?: string | null;
  @Field(() => UserRef, { nullable: true }) manager?: UserRef | null;
  @Field(() => String, { description: 'ISO-8601' }) created!: string;
  @Field(() => String, { description: 'ISO-8601' }) lastModified!: string;
  @Field(() => Int, { description: 'increases on every change; the SCIM ETag' }) version!: number;
}

@ObjectType()
export class UserPage extends OffsetPageInfo {
  @Field(() => [User]) items!: User[];
}

@ObjectType()
export class UserConnection {
  @Field(() => [User]) nodes!: User[];
  @Field(() => String, { nullable: true, description: 'pass as `after` for the next page' }) endCursor?: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}
