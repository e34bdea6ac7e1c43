import { Arg, Ctx, ID, Mutation, Query, Resolver, UseMiddleware } from 'type-graphql';
import { type GraphContext, requireAdmin, workspaceOf } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { mapDbErrors } from '../map-db-errors.js';
import { GeneratedScimToken, ScimToken, Workspace } from './workspace.type.js';

// Storage errors become graph errors at the resolvers, the only code that reaches storage.
@UseMiddleware(mapDbErrors)
@Resolver()
export class WorkspaceResolver {
  @Query(() => Workspace, { description: "the caller's workspace" })
  async workspace(@Ctx() ctx: GraphContext): Promise<Workspace> {
    return (await ctx.repos.workspaces.findById(workspaceOf(ctx)))!;
  }

  @Query(() => [ScimToken], { description: 'admin keys only' })
  async scimTokens(@Ctx() ctx: GraphContext): Promise<ScimToken[]> {
    return ctx.repos.workspaces.listCredentials(requireAdmin(ctx, 'Listing SCIM tokens'), 'scim');
  }

  @Mutation(() => GeneratedScimToken, { description: '"Generate SCIM Token" in the admin portal (admin keys only).' })
  async generateScimToken(@Ctx() ctx: GraphContext,
    @Arg('label', () => String, { defaultValue: 'SCIM' }) label: string): Promise<GeneratedScimToken> {
    const ws = requireAdmin(ctx, 'Generating a SCIM token');
    if (label.trim() === '' || label.length > 200) throw badInput('label', 'must be 1 to 200 characters');
    const { credential, secret } = await ctx.repos.workspaces.createCredential(ws, 'scim', label);
    return { token: secret, scimToken: credential };
  }

  @Mutation(() => ScimToken, { description: 'Revoked tokens are refused on every instance within a second.' })
  async revokeScimToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphContext): Promise<ScimToken> {
    const ws = requireAdmin(ctx, 'Revoking a SCIM token');
    const revoked = await ctx.repos.workspaces.revokeCredential(id, { workspaceId: ws, kind: 'scim' });
    if (!revoked) throw notFound('ScimToken', id);
    return revoked;
  }
}
