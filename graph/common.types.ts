// Shared graph types: sorting and the multi-valued attribute entry shapes.

import { Field, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'Sort by one attribute; ties break on creation time, then id.' })
export class SortInput {
  @Field(() => String, { description: 'e.g. userName, displayName, created, lastModified' }) by!: string;
  @Field(() => Boolean, { defaultValue: false }) descending!: boolean;
}

// One class is both the output type and the input type: the shapes are the same by design.
@InputType('MultiValueInput')
@ObjectType({ description: 'An entry of a multi-valued attribute (emails, phoneNumbers, ims, photos, roles, entitlements, x509Certificates), as it was sent.' })
export class MultiValue {
  @Field(() => String, { nullable: true }) value?: string | null;
  @Field(() => String, { nullable: true }) display?: string | null;
  @Field(() => String, { nullable: true }) type?: string | null;
  @Field(() => Boolean, { nullable: true }) primary?: boolean | null;
}

@InputType('AddressInput')
@ObjectType()
export class Address {
  @Field(() => String, { nullable: true }) formatted?: string | null;
  @Field(() => String, { nullable: true }) streetAddress?: string | null;
  @Field(() => String, { nullable: true }) locality?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => String, { nullable: true }) postalCode?: string | null;
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => String, { nullable: true }) type?: string | null;
  @Field(() => Boolean, { nullable: true }) primary?: boolean | null;
}

@ObjectType()
export class OffsetPageInfo {
  @Field(() => Int, { description: 'matches in all pages' }) totalResults!: number;
  @Field(() => Int, { description: '1-based index of the first item' }) startIndex!: number;
}

export { MultiValue as MultiValueInput, Address as AddressInput };
