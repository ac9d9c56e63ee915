// The /api/v1 route table, generated from the operations' `rest` declarations: each path compiled once
// into a matcher whose `{name}` segments are input fields. Nothing here is written per route.
import { operations } from '@shared/contract/index';
import type { Operation, RestMethod } from '@shared/contract/define';

export const API_V1 = '/api/v1';

export interface RestRoute {
  method: RestMethod;
  /** As declared, e.g. /api/v1/posture/devices/{device_id}. */
  path: string;
  op: Operation;
  /** The `{name}` segments, in order. */
  params: string[];
  segments: ({ literal: string } | { param: string })[];
}

export type RouteMatch =
  | { ok: true; route: RestRoute; params: Record<string, string> }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'method_not_allowed'; allow: RestMethod[] };

const PARAM = /^\{([a-z_][a-z0-9_]*)\}$/;

function compile(op: Operation): RestRoute {
  const { method, path } = op.rest!;
  if (!path.startsWith(`${API_V1}/`) && path !== API_V1) throw new Error(`${op.name}: rest path must start with ${API_V1}/, got '${path}'`);
  const segments = path.slice(1).split('/').map((seg): { literal: string } | { param: string } => {
    const m = PARAM.exec(seg);
    if (m) return { param: m[1] };
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(seg)) throw new Error(`${op.name}: bad path segment '${seg}' in '${path}'`);
    return { literal: seg };
  });
  const params = segments.flatMap((s) => ('param' in s ? [s.param] : []));
  return { method, path, op, params, segments };
}

export class RouteTable {
  readonly routes: RestRoute[];

  constructor(ops: Iterable<Operation> = Object.values(operations)) {
    this.routes = [...ops].filter((op) => op.rest).map(compile);
    const seen = new Map<string, string>();
    for (const r of this.routes) {
      // Two routes that differ only in a parameter's name would match the same URLs.
      const shape = `${r.method} ${r.segments.map((s) => ('param' in s ? '{}' : s.literal)).join('/')}`;
      const other = seen.get(shape);
      if (other) throw new Error(`operations ${other} and ${r.op.name} declare the same route ${r.method} ${r.path}`);
      seen.set(shape, r.op.name);
    }
  }

  /**
   * The route for a method and a URL path. A literal segment wins over a parameter, so
   * /api/v1/policies/evaluate and /api/v1/policies/{policy_id} could live side by side.
   */
  match(method: string, pathname: string): RouteMatch {
    const parts = pathname.replace(/\/+$/, '').slice(1).split('/');
    let best: { route: RestRoute; params: Record<string, string>; literals: number } | null = null;
    const allow = new Set<RestMethod>();
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i];
        if ('literal' in seg) {
          ok = seg.literal === parts[i];
          literals++;
        } else {
          let value: string;
          try {
            value = decodeURIComponent(parts[i]);
          } catch {
            value = '';
          }
          ok = value !== '';
          params[seg.param] = value;
        }
      }
      if (!ok) continue;
      allow.add(route.method);
      if (route.method !== method) continue;
      if (!best || literals > best.literals) best = { route, params, literals };
    }
    if (best) return { ok: true, route: best.route, params: best.params };
    if (allow.size > 0) return { ok: false, reason: 'method_not_allowed', allow: [...allow] };
    return { ok: false, reason: 'not_found' };
  }
}
