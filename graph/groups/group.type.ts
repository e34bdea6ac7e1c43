import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OffsetPageInfo } from '../common.types.js';

export enum MemberKind { User = 'User', Group = 'Group' }
registerEnumType(MemberKind, { name: 'MemberKind', description: 'what a group member is' });

@ObjectType()
export class Member {
  @Field(() => ID, { description: 'the user or group id' }) value!: string;
  @Field(() => MemberKind) type!: MemberKind;
  @Field(() => String, { nullable: true, description: "the user's displayName (or userName), or the group's displayName" })
  display?: string | null;
}

@ObjectType({ description: 'One page of members, in id order.' })
export class MemberPage {
  @Field(() => [Member]) items!: Member[];
  @Field(() => String, { nullable: true, description: 'pass as `after` for the next page' }) endCursor?: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType()
export class Group {
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true }) externalId?: string | null;
  @Field(() => String, { description: 'ISO-8601' }) created!: string;
  @Field(() => String, { description: 'ISO-8601' }) lastModified!: string;
  @Field(() => Int, { description: 'increases on every change, membership changes included; the SCIM ETag' })
  version!: number;
}

@ObjectType()
export class GroupPage extends OffsetPageInfo {
  @Field(() => [Group]) items!: Group[];
}

