// POST /.search at the root (RFC 7644 §3.4.3): searching across resource types is optional;
// we say so precisely instead of answering 404.

import { ScimError } from '../scim/errors.js';
import { route, type Route } from './route.js';
import type { ScimGatewayDeps } from './scim-gateway.js';

export function searchRoutes(_deps: ScimGatewayDeps): Route[] {
  return [
    route('/.search', {
      POST() {
        throw new ScimError(400, 'invalidValue', 'Searching across resource types is not supported: POST to /Users/.search or /Groups/.search.');
      },
    }),
  ];
}
