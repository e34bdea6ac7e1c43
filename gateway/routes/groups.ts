import type { Route } from './route.js';
import type { ScimGatewayDeps } from './scim-gateway.js';

export function groupRoutes(_deps: ScimGatewayDeps): Route[] {
  return [];
}
