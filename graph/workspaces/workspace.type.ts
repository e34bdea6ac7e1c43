import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class Workspace {
  @Field(() => ID) id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String) created!: string;
}

@ObjectType({ description: 'A SCIM token: only its SHA-256 is stored, so the value itself cannot be shown again.' })
export class ScimToken {
  @Field(() => ID) id!: string;
  @Field(() => String) label!: string;
  @Field(() => String) created!: string;
  @Field(() => String, { nullable: true }) lastUsed?: string | null;
  @Field(() => String, { nullable: true }) revoked?: string | null;
}

@ObjectType()
export class GeneratedScimToken {
  @Field(() => String, { description: 'the secret to paste into the identity provider; shown only now' }) token!: string;
  @Field(() => ScimToken) scimToken!: ScimToken;
}
