// The identity graph's schema: one build, served by Apollo at /graphql and run in-process by
// the SCIM gateway. Storage errors are mapped by a middleware on each resolver class, not a
// global one: type-graphql wraps every field of every object in a global middleware (an async
// call per scalar), a fifth of the graph's time for a userName lookup (bench/README.md).

import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { GroupResolver } from './groups/group.resolver.js';
import { ProvisioningLogResolver } from './provisioning/provisioning-log.resolver.js';
import { UserResolver } from './users/user.resolver.js';
import { WorkspaceResolver } from './workspaces/workspace.resolver.js';

export function buildGraphSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [UserResolver, GroupResolver, WorkspaceResolver, ProvisioningLogResolver],
    validate: false,
  });
}
