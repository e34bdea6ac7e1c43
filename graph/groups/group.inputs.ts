import { Field, ID, InputType, registerEnumType } from 'type-graphql';

@InputType({ description: 'A whole group: create, or replace (members not listed are removed).' })
export class GroupInput {
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true }) externalId?: string | null;
  @Field(() => [ID], { nullable: true, description: 'user or group ids of this workspace' }) memberIds?: string[] | null;
}

export enum MemberOpKind { ADD = 'ADD', REMOVE = 'REMOVE', SET = 'SET', CLEAR = 'CLEAR' }
registerEnumType(MemberOpKind, {
  name: 'MemberOpKind',
  description: 'ADD/REMOVE the ids given (present or absent ids are fine); SET makes the member set exactly the ids; CLEAR removes everyone',
});

@InputType()
export class MemberOpInput {
  @Field(() => MemberOpKind) op!: MemberOpKind;
  @Field(() => [ID], { nullable: true }) ids?: string[] | null;
}

@InputType({ description: 'A partial update, applied in one transaction: rename and member operations in order.' })
export class GroupUpdateInput {
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String, { nullable: true, description: 'null clears' }) externalId?: string | null;
  @Field(() => [MemberOpInput], { nullable: true }) memberOps?: MemberOpInput[] | null;
}
