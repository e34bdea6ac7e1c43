import type { ParameterizedContext } from 'koa';

export interface ScimContext extends ParameterizedContext {
  scim: { baseUrl: string };
  params: Record<string, string>;
}

export type Handler = (ctx: ScimContext) => Promise<void> | void;

export interface Route {
  /** for logs and metrics: '/Users/:id' */
  name: string;
  /** discovery answers without a token: it holds no workspace data */
  public?: boolean;
  match(path: string): Record<string, string> | null;
  methods: Partial<Record<string, Handler>>;
}

/** A route from a pattern like '/Users/:id'; literal segments match case-insensitively. */
export function route(pattern: string, methods: Route['methods'], opts: { public?: boolean } = {}): Route {
  const names: string[] = [];
  const source = pattern.split('/').map((seg) => {
    if (seg.startsWith(':')) { names.push(seg.slice(1)); return '([^/]+)'; }
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  const re = new RegExp(`^${source}$`, 'i');
  return {
    name: pattern, public: opts.public, methods,
    match(path) {
      const m = re.exec(path);
      if (!m) return null;
      return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    },
  };
}
