// The identity graph's schema: one build, served by Apollo at /graphql and run in-process by
// the SCIM gateway.

import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { GroupResolver } from './groups/group.resolver.js';
import { mapDbErrors } from './map-db-errors.js';
import { ProvisioningLogResolver } from './provisioning/provisioning-log.resolver.js';
import { UserResolver } from './users/user.resolver.js';
import { WorkspaceResolver } from './workspaces/workspace.resolver.js';

export function buildGraphSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [UserResolver, GroupResolver, WorkspaceResolver, ProvisioningLogResolver],
    globalMiddlewares: [mapDbErrors],
    validate: false,
  });
}
