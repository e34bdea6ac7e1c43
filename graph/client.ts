// The gateway's one door into the graph: operations are parsed and validated once, at start,
// then executed in-process per request with graphql-js `execute` (no HTTP, no re-parsing).

import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Repositories } from '../db/repositories/index.js';
import type { Actor } from './context.js';

export interface PreparedOperation {
  readonly name: string;
  readonly document: DocumentNode;
}

/** Thrown when an operation returns errors; the caller translates them once, at its edge. */
export class GraphOperationError extends Error {
  constructor(readonly operation: string, readonly errors: readonly GraphQLError[]) {
    super(`${operation}: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'GraphOperationError';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code as string | undefined;
  }
}

export function prepareOperation(schema: GraphQLSchema, name: string, source: string): PreparedOperation {
  const document = parse(source);
  const errors = validate(schema, document);
  if (errors.length) throw new Error(`GraphQL operation ${name} does not match the schema: ${errors.map((e) => e.message).join('; ')}`);
  return { name, document };
}

export interface GraphClient {
  run<T = Record<string, unknown>>(op: PreparedOperation, variables: Record<string, unknown>,
    actor: Actor, requestId: string): Promise<T>;
}

export function createGraphClient(schema: GraphQLSchema, repos: Repositories): GraphClient {
  return {
    async run<T>(op: PreparedOperation, variables: Record<string, unknown>, actor: Actor, requestId: string): Promise<T> {
      const result = await execute({
        schema, document: op.document, variableValues: variables,
        contextValue: { repos, actor, requestId },
      });
      if (result.errors?.length) throw new GraphOperationError(op.name, result.errors);
      return result.data as T;
    },
  };
}
