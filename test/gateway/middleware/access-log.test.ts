// One JSON line per request: request id, workspace, token label (never the token), method,
// route pattern, status, duration and scimType.

import { eachDialect } from '../../_helpers/each-dialect.js';
import { startServer } from '../../_helpers/server.js';

eachDialect('one access-log line per request, with who, what, outcome and time, and no secret', async (t, dialect) => {
  const s = await startServer(dialect);
  try {
    const created = await s.scim('POST', '/Users', { userName: 'log@example.com' }, { headers: { 'x-request-id': 'lb-1234' } });
    const conflict = await s.scim('POST', '/Users', { userName: 'log@example.com' });
    await s.scim('GET', '/Users', undefined, { token: 'avs_wrong' });
    await s.graphql('{ workspace { id } }');

    const lines = s.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    t.is(lines.length, 4);
    const [first, second, anonymous, graph] = lines;
    t.like(first, { requestId: 'lb-1234', workspace: s.workspaces.a, tokenLabel: 'entra-a', method: 'POST', route: '/scim/Users', status: 201 });
    t.is(created.headers.get('x-request-id'), 'lb-1234', 'a load balancer’s request id is kept and echoed');
    t.like(second, { requestId: conflict.headers.get('x-request-id'), status: 409, scimType: 'uniqueness', tokenLabel: 'entra-a' });
    t.like(anonymous, { status: 401, route: '/scim/Users', workspace: undefined, tokenLabel: undefined });
    t.like(graph, { route: '/graphql', status: 200, tokenLabel: 'admin-a' });
    for (const l of lines) t.true(typeof l.durationMs === 'number' && l.durationMs >= 0);
    const all = s.logs.join('');
    for (const secret of [s.tokens.a, s.adminKeys.a, 'avs_wrong']) t.false(all.includes(secret));
  } finally {
    await s.close();
  }
});
