import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One SCIM write or failed SCIM request, as the gateway saw it.' })
export class ProvisioningEvent {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'ISO-8601' }) at!: string;
  @Field(() => String, { description: 'create, replace, update, deactivate, reactivate, delete, members, read, list, search' })
  operation!: string;
  @Field(() => String, { nullable: true, description: 'User or Group' }) resourceType?: string | null;
  @Field(() => String, { nullable: true }) resourceId?: string | null;
  @Field(() => String, { nullable: true, description: 'userName or displayName' }) resourceName?: string | null;
  @Field(() => String, { description: 'success or failure' }) outcome!: string;
  @Field(() => Int) status!: number;
  @Field(() => String, { nullable: true }) scimType?: string | null;
  @Field(() => String, { nullable: true }) detail?: string | null;
  @Field(() => Float) durationMs!: number;
  @Field(() => String) requestId!: string;
  @Field(() => String, { nullable: true, description: 'label of the SCIM token used (never the token)' }) tokenLabel?: string | null;
  @Field(() => Int, { nullable: true }) membersAdded?: number | null;
  @Field(() => Int, { nullable: true }) membersRemoved?: number | null;
}

@InputType()
export class ProvisioningLogWhere {
  @Field(() => String, { nullable: true, description: 'inclusive ISO-8601 lower bound' }) from?: string | null;
  @Field(() => String, { nullable: true, description: 'exclusive ISO-8601 upper bound' }) to?: string | null;
  @Field(() => String, { nullable: true }) outcome?: string | null;
  @Field(() => String, { nullable: true }) operation?: string | null;
  @Field(() => String, { nullable: true }) resourceId?: string | null;
  @Field(() => String, { nullable: true }) resourceType?: string | null;
}

@ObjectType()
export class ProvisioningLogConnection {
  @Field(() => [ProvisioningEvent]) nodes!: ProvisioningEvent[];
  @Field(() => String, { nullable: true }) endCursor?: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}
