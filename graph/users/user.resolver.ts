import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { userSortFields } from '../../db/repositories/users.js';
import type { UserRecord } from '../../db/tables.js';
import { SortInput } from '../common.types.js';
import { type GraphContext, workspaceOf } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { mapDbErrors } from '../map-db-errors.js';
import { normalizeWhere, pageArgs, sortSpec } from '../paging.js';
import { UserWhere } from '../where.inputs.js';
import { applyUserPatch, fromUserInput, toUser } from './user-data.js';
import { UserInput, UserPatchInput } from './user.inputs.js';
import { User, UserConnection, UserGroup, UserPage } from './user.type.js';

// Storage errors become graph errors at the resolvers, the only code that reaches storage.
@UseMiddleware(mapDbErrors)
@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { description: 'NOT_FOUND when the id is not a user of your workspace' })
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphContext): Promise<User> {
    const rec = await ctx.repos.users.findById(workspaceOf(ctx), id);
    if (!rec) throw notFound('User', id);
    return toUser(rec);
  }

  @Query(() => UserPage, { description: 'Offset paging (what SCIM lists use): startIndex is 1-based; count 0 returns totals only.' })
  async users(
    @Ctx() ctx: GraphContext,
    @Arg('where', () => UserWhere, { nullable: true }) where?: UserWhere | null,
    @Arg('sort', () => SortInput, { nullable: true }) sort?: SortInput | null,
    @Arg('startIndex', () => Int, { defaultValue: 1 }) startIndex = 1,
    @Arg('count', () => Int, { defaultValue: 100 }) count = 100,
  ): Promise<UserPage> {
    const page = pageArgs(startIndex, count);
    const result = await ctx.repos.users.list(workspaceOf(ctx), {
      where: normalizeWhere(where), sort: sortSpec(sort, userSortFields), ...page,
    });
    return { totalResults: result.total, startIndex: page.offset + 1, items: result.items.map(toUser) };
  }

  @Query(() => UserConnection, { description: 'Cursor paging for frontends, in id order.' })
  async usersConnection(
    @Ctx() ctx: GraphContext,
    @Arg('where', () => UserWhere, { nullable: true }) where?: UserWhere | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<UserConnection> {
    if (first < 1 || first > 1000) throw badInput('first', 'must be between 1 and 1000');
    const items = await ctx.repos.users.listAfter(workspaceOf(ctx), { where: normalizeWhere(where), after, first: first + 1 });
    const nodes = items.slice(0, first).map(toUser);
    return { nodes, hasNextPage: items.length > first, endCursor: nodes.at(-1)?.id ?? null };
  }

  @FieldResolver(() => [UserGroup], { description: 'direct and nested memberships; never reads member lists' })
  async groups(@Root() user: User, @Ctx() ctx: GraphContext): Promise<UserGroup[]> {
    const map = await ctx.repos.users.groupsOf(workspaceOf(ctx), [user.id]);
    return map.get(user.id) ?? [];
  }

  @Mutation(() => User)
  async createUser(@Arg('input', () => UserInput) input: UserInput, @Ctx() ctx: GraphContext): Promise<User> {
    return toUser(await ctx.repos.users.insert(workspaceOf(ctx), fromUserInput(input)));
  }

  @Mutation(() => User, { description: 'Replaces every attribute; ifVersion guards against lost updates (PRECONDITION_FAILED).' })
  async replaceUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UserInput) input: UserInput,
    @Ctx() ctx: GraphContext,
    @Arg('ifVersion', () => Int, { nullable: true }) ifVersion?: number | null,
  ): Promise<User> {
    const data = fromUserInput(input);
    return this.write(ctx, id, () => data, ifVersion);
  }

  @Mutation(() => User, { description: 'Changes only the fields given; null clears a field.' })
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UserPatchInput) input: UserPatchInput,
    @Ctx() ctx: GraphContext,
    @Arg('ifVersion', () => Int, { nullable: true }) ifVersion?: number | null,
  ): Promise<User> {
    return this.write(ctx, id, (current) => applyUserPatch(current, input), ifVersion);
  }

  @Mutation(() => User, { description: 'Soft delete: the user stays readable but may not sign in.' })
  async deactivateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphContext): Promise<User> {
    return this.write(ctx, id, (current) => ({ ...current, active: false }));
  }

  @Mutation(() => User)
  async reactivateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphContext): Promise<User> {
    return this.write(ctx, id, (current) => ({ ...current, active: true }));
  }

  @Mutation(() => ID, { description: 'Deletes the user and its memberships; returns the id.' })
  async deleteUser(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphContext,
    @Arg('ifVersion', () => Int, { nullable: true }) ifVersion?: number | null,
  ): Promise<string> {
    if (!(await ctx.repos.users.remove(workspaceOf(ctx), id, ifVersion))) throw notFound('User', id);
    return id;
  }

  private async write(ctx: GraphContext, id: string, next: (current: UserRecord) => ReturnType<typeof fromUserInput>,
    ifVersion?: number | null): Promise<User> {
    const rec = await ctx.repos.users.update(workspaceOf(ctx), id, next, ifVersion);
    if (!rec) throw notFound('User', id);
    return toUser(rec);
  }
}
