// GET /metrics (Prometheus text format): requests and latency by route pattern and status,
// SCIM operations by kind and outcome, and pool use; series stay bounded whatever is requested.

import { eachDialect } from '../_helpers/each-dialect.js';
import { startServer } from '../_helpers/server.js';

const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

eachDialect('/metrics counts requests by route pattern, SCIM operations by outcome, and pool use', async (t, dialect) => {
  const s = await startServer(dialect);
  try {
    const created = await s.scim('POST', '/Users', { userName: 'm@example.com' });
    await s.scim('POST', '/Users', { userName: 'M@example.com' }); // 409
    await s.scim('GET', `/Users/${created.body.id}`);
    await s.scim('GET', '/Users/no-such-id');
    for (const path of ['/wp-admin/a', '/wp-admin/b', '/.env']) await fetch(s.url + path);

    const res = await fetch(`${s.url}/metrics`);
    t.is(res.status, 200);
    t.regex(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();

    t.is(sample(text, 'http_requests_total', { method: 'POST', route: '/scim/Users', status: '201' }), 1);
    t.is(sample(text, 'http_requests_total', { method: 'POST', route: '/scim/Users', status: '409' }), 1);
    // Ids never become label values: one series for every user read.
    t.is(sample(text, 'http_requests_total', { method: 'GET', route: '/scim/Users/:id', status: '200' }), 1);
    t.is(sample(text, 'http_requests_total', { method: 'GET', route: '/scim/Users/:id', status: '404' }), 1);
    t.false(text.includes(created.body.id));
    t.is(sample(text, 'http_requests_total', { route: 'unmatched', status: '404' }), 3);
    t.false(text.includes('wp-admin'));

    t.is(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/scim/Users', status: '201' }), 1);
    t.is(sample(text, 'http_request_duration_seconds_bucket', { method: 'POST', route: '/scim/Users', status: '201', le: '+Inf' }), 1);
    t.is(sample(text, 'scim_operations_total', { operation: 'user_create', outcome: 'success' }), 1);
    t.is(sample(text, 'scim_operations_total', { operation: 'user_create', outcome: 'failure', scim_type: 'uniqueness' }), 1);
    t.is(sample(text, 'scim_operations_total', { operation: 'user_get', outcome: 'failure' }), 1);
    for (const state of ['used', 'free', 'pending']) t.not(sample(text, 'db_pool_connections', { state }), undefined, state);
    t.regex(text, /^process_cpu_seconds_total /m);
    t.false(text.includes(s.tokens.a));
  } finally {
    await s.close();
  }
});
