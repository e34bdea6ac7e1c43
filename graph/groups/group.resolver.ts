import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { groupSortFields } from '../../db/repositories/groups.js';
import type { GroupChange, MemberOp } from '../../db/tables.js';
import { SortInput } from '../common.types.js';
import { type GraphContext, workspaceOf } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { mapDbErrors } from '../map-db-errors.js';
import { normalizeWhere, pageArgs, sortSpec } from '../paging.js';
import { GroupWhere } from '../where.inputs.js';
import { GroupInput, GroupUpdateInput, MemberOpKind } from './group.inputs.js';
import { Group, GroupPage, MemberKind, MemberPage } from './group.type.js';

function checkDisplayName(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw badInput('displayName', 'must be a non-empty string');
  return v;
}

function checkExternalId(v: string | null | undefined): string | null | undefined {
  if (v === '') throw badInput('externalId', 'must not be empty; send null to clear it');
  return v;
}

function toMemberOps(ops: GroupUpdateInput['memberOps']): MemberOp[] {
  return (ops ?? []).map((o, i) => {
    if (o.op === MemberOpKind.CLEAR) return { op: 'clear' };
    if (!o.ids) throw badInput(`memberOps[${i}].ids`, `is required for ${o.op}`);
    return { op: o.op.toLowerCase() as 'add' | 'remove' | 'set', ids: o.ids };
  });
}

// Storage errors become graph errors at the resolvers, the only code that reaches storage.
@UseMiddleware(mapDbErrors)
@Resolver(() => Group)
export class GroupResolver {
  @Query(() => Group, { description: 'NOT_FOUND when the id is not a group of your workspace' })
  async group(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphContext): Promise<Group> {
    const rec = await ctx.repos.groups.findById(workspaceOf(ctx), id);
    if (!rec) throw notFound('Group', id);
    return rec;
  }

  @Query(() => GroupPage)
  async groups(
    @Ctx() ctx: GraphContext,
    @Arg('where', () => GroupWhere, { nullable: true }) where?: GroupWhere | null,
    @Arg('sort', () => SortInput, { nullable: true }) sort?: SortInput | null,
    @Arg('startIndex', () => Int, { defaultValue: 1 }) startIndex = 1,
    @Arg('count', () => Int, { defaultValue: 100 }) count = 100,
  ): Promise<GroupPage> {
    const page = pageArgs(startIndex, count);
    const result = await ctx.repos.groups.list(workspaceOf(ctx), {
      where: normalizeWhere(where), sort: sortSpec(sort, groupSortFields), ...page,
    });
    return { totalResults: result.total, startIndex: page.offset + 1, items: result.items };
  }

  @FieldResolver(() => MemberPage, { description: 'keyset pages: cost is the page, not the group' })
  async members(
    @Root() group: Group,
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<MemberPage> {
    if (first < 1 || first > 10_000) throw badInput('first', 'must be between 1 and 10000');
    const rows = await ctx.repos.groups.members(group.id, { after, first: first + 1 });
    const items = rows.slice(0, first).map((m) => ({ value: m.id, type: m.type as MemberKind, display: m.display }));
    return { items, hasNextPage: rows.length > first, endCursor: items.at(-1)?.value ?? null };
  }

  @FieldResolver(() => Int)
  async memberCount(@Root() group: Group, @Ctx() ctx: GraphContext): Promise<number> {
    return ctx.repos.groups.memberCount(group.id);
  }

  @FieldResolver(() => Boolean, { description: 'whether the id is a direct member' })
  async hasMember(@Root() group: Group, @Arg('id', () => ID) id: string, @Ctx() ctx: GraphContext): Promise<boolean> {
    return ctx.repos.groups.hasMember(group.id, id);
  }

  @Mutation(() => Group)
  async createGroup(@Arg('input', () => GroupInput) input: GroupInput, @Ctx() ctx: GraphContext): Promise<Group> {
    return ctx.repos.groups.insert(workspaceOf(ctx), {
      displayName: checkDisplayName(input.displayName), externalId: checkExternalId(input.externalId) ?? null,
    }, input.memberIds ?? []);
  }

  @Mutation(() => Group, { description: 'Replaces name, externalId and the member set (a difference: unchanged members are not touched).' })
  async replaceGroup(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => GroupInput) input: GroupInput,
    @Ctx() ctx: GraphContext,
    @Arg('ifVersion', () => Int, { nullable: true }) ifVersion?: number | null,
  ): Promise<Group> {
    return this.write(ctx, id, {
      displayName: checkDisplayName(input.displayName), externalId: checkExternalId(input.externalId) ?? null,
      memberOps: [{ op: 'set', ids: input.memberIds ?? [] }],
    }, ifVersion);
  }

  @Mutation(() => Group)
  async updateGroup(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => GroupUpdateInput) input: GroupUpdateInput,
    @Ctx() ctx: GraphContext,
    @Arg('ifVersion', () => Int, { nullable: true }) ifVersion?: number | null,
  ): Promise<Group> {
    return this.write(ctx, id, {
      displayName: input.displayName == null ? undefined : checkDisplayName(input.displayName),
      externalId: checkExternalId(input.externalId),
      memberOps: toMemberOps(input.memberOps),
    }, ifVersion);
  }

  @Mutation(() => Group, { description: 'Adds many members at once; ids already present are fine.' })
  async addGroupMembers(@Arg('id', () => ID) id: string, @Arg('memberIds', () => [ID]) memberIds: string[],
    @Ctx() ctx: GraphContext): Promise<Group> {
    return this.write(ctx, id, { memberOps: [{ op: 'add', ids: memberIds }] });
  }

  @Mutation(() => Group, { description: 'Removes many members at once; ids not present are fine.' })
  async removeGroupMembers(@Arg('id', () => ID) id: string, @Arg('memberIds', () => [ID]) memberIds: string[],
    @Ctx() ctx: GraphContext): Promise<Group> {
    return this.write(ctx, id, { memberOps: [{ op: 'remove', ids: memberIds }] });
  }

  @Mutation(() => ID, { description: 'Deletes the group and its memberships; returns the id.' })
  async deleteGroup(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphContext,
    @Arg('ifVersion', () => Int, { nullable: true }) ifVersion?: number | null): Promise<string> {
    if (!(await ctx.repos.groups.remove(workspaceOf(ctx), id, ifVersion))) throw notFound('Group', id);
    return id;
  }

  private async write(ctx: GraphContext, id: string, change: GroupChange, ifVersion?: number | null): Promise<Group> {
    const rec = await ctx.repos.groups.update(workspaceOf(ctx), id, change, ifVersion);
    if (!rec) throw notFound('Group', id);
    return rec;
  }
}
