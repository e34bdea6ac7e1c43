import { Arg, Ctx, Int, Query, Resolver, UseMiddleware } from 'type-graphql';
import { type GraphContext, requireAdmin } from '../context.js';
import { badInput } from '../errors.js';
import { mapDbErrors } from '../map-db-errors.js';
import { ProvisioningLogConnection, ProvisioningLogWhere } from './provisioning-log.type.js';

const isoOrThrow = (field: string, v: string | null | undefined) => {
  if (!v) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badInput(field, `"${v}" is not an ISO-8601 date-time`);
  return d.toISOString();
};

@Resolver()
@UseMiddleware(mapDbErrors)
export class ProvisioningLogResolver {
  @Query(() => ProvisioningLogConnection, { description: 'Newest first. Admin keys only.' })
  async provisioningLog(
    @Ctx() ctx: GraphContext,
    @Arg('where', () => ProvisioningLogWhere, { nullable: true }) where?: ProvisioningLogWhere | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ProvisioningLogConnection> {
    const ws = requireAdmin(ctx, 'Reading the provisioning log');
    if (first < 1 || first > 1000) throw badInput('first', 'must be between 1 and 1000');
    if (after && !/^\d+$/.test(after)) throw badInput('after', 'is not a cursor from this query');
    const filter = { ...where, from: isoOrThrow('where.from', where?.from), to: isoOrThrow('where.to', where?.to) };
    const rows = await ctx.repos.provisioningLog.list(ws, filter, { first: first + 1, after });
    const nodes = rows.slice(0, first);
    return { nodes, hasNextPage: rows.length > first, endCursor: nodes.at(-1)?.id ?? null };
  }
}
