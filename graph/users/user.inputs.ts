import { Field, InputType } from 'type-graphql';
import { AddressInput, MultiValueInput } from '../common.types.js';
import { Name as NameInput } from './user.type.js';

/** Fields shared by the full (create/replace) and partial (update) inputs. */
@InputType()
export class UserFields {
  @Field(() => String, { nullable: true }) externalId?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
  @Field(() => NameInput, { nullable: true }) name?: NameInput | null;
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String, { nullable: true }) nickName?: string | null;
  @Field(() => String, { nullable: true }) profileUrl?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) userType?: string | null;
  @Field(() => String, { nullable: true }) preferredLanguage?: string | null;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => [MultiValueInput], { nullable: true }) emails?: MultiValueInput[] | null;
  @Field(() => [MultiValueInput], { nullable: true }) phoneNumbers?: MultiValueInput[] | null;
  @Field(() => [MultiValueInput], { nullable: true }) ims?: MultiValueInput[] | null;
  @Field(() => [MultiValueInput], { nullable: true }) photos?: MultiValueInput[] | null;
  @Field(() => [MultiValueInput], { nullable: true }) roles?: MultiValueInput[] | null;
  @Field(() => [MultiValueInput], { nullable: true }) entitlements?: MultiValueInput[] | null;
  @Field(() => [MultiValueInput], { nullable: true }) x509Certificates?: MultiValueInput[] | null;
  @Field(() => [AddressInput], { nullable: true }) addresses?: AddressInput[] | null;
  @Field(() => String, { nullable: true }) employeeNumber?: string | null;
  @Field(() => String, { nullable: true }) costCenter?: string | null;
  @Field(() => String, { nullable: true }) organization?: string | null;
  @Field(() => String, { nullable: true }) division?: string | null;
  @Field(() => String, { nullable: true }) department?: string | null;
  @Field(() => String, { nullable: true, description: "the manager's user id; null clears" }) managerId?: string | null;
}

@InputType({ description: 'A whole user: create, or replace (fields left out are cleared).' })
export class UserInput extends UserFields {
  @Field(() => String) userName!: string;
}

@InputType({ description: 'A partial update: fields left out are kept, null clears.' })
export class UserPatchInput extends UserFields {
  @Field(() => String, { nullable: true }) userName?: string | null;
}
