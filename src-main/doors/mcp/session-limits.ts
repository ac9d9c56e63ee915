// Who may open another MCP HTTP session: at most `maxSessions` in all and `maxSessionsPerKey` per API
// key, so one key (a read-only one included) cannot take every session and lock the others out. At a
// cap the new session takes the place of an abandoned one, a session with no request in flight, no
// open stream and no use for a while (a client that went away without DELETE, which the SDK's
// Client.close() does not send), least recently used first: at the per-key cap only the key's own
// sessions, at the global cap those of the key holding the most. A session in use, or used in the last
// seconds (a client between its initialize and its GET stream, or between two calls), is never taken;
// when none can be, the new one is refused with the cap's name. Limits come from options or
// THREATMATIC_MCP_* environment variables.

export interface SessionLimits {
  /** Sessions open at once, all keys together. */
  maxSessions: number;
  /** Sessions open at once for one API key. */
  maxSessionsPerKey: number;
  /** A session with no request for this long is closed (its open stream does not count as use). */
  idleTimeoutMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxSessions: 256, maxSessionsPerKey: 16, idleTimeoutMs: 30 * 60_000 };

/** How long a session must have been unused (nothing in flight, no stream) before a new one may take its place. */
export const DEFAULT_ABANDONED_AFTER_MS = 10_000;

/** The environment variable that sets each limit, and its unit. */
export const SESSION_LIMIT_ENV = {
  maxSessions: { name: 'THREATMATIC_MCP_MAX_SESSIONS', scale: 1 },
  maxSessionsPerKey: { name: 'THREATMATIC_MCP_MAX_SESSIONS_PER_KEY', scale: 1 },
  idleTimeoutMs: { name: 'THREATMATIC_MCP_IDLE_MINUTES', scale: 60_000 },
} as const satisfies Record<keyof SessionLimits, { name: string; scale: number }>;

export interface SessionUse {
  keyId: string;
  /** When the session last served a request (engine clock, ms). */
  lastSeen: number;
  /** Requests in flight (a POST, e.g. a subscribe_events call that lasts minutes). */
  busy: number;
  /** Open GET streams: the client is listening. */
  streams: number;
}

export type Admission<S> =
  | { ok: true; evict?: S }
  | { ok: false; cap: 'maxSessionsPerKey' | 'maxSessions'; limit: number };

export interface AdmitContext {
  /** Engine clock, ms. */
  now: number;
  /** Unused this long (and nothing in flight, no stream) makes a session abandoned. */
  abandonedAfterMs: number;
  /** Sessions admitted but not yet open: they count, and are never taken. */
  reserved?: Iterable<SessionUse>;
}

const leastRecent = <S extends SessionUse>(list: S[]) => list.reduce<S | undefined>((a, s) => (!a || s.lastSeen < a.lastSeen ? s : a), undefined);

/** Whether a key may open one more session now, and which abandoned session must make room for it. */
export function admit<S extends SessionUse>(open: Iterable<S>, keyId: string, limits: SessionLimits, ctx: AdmitContext): Admission<S> {
  const all = [...open];
  const reserved = ctx.reserved ?? [];
  const abandoned = (s: SessionUse) => s.busy === 0 && s.streams === 0 && ctx.now - s.lastSeen >= ctx.abandonedAfterMs;
  const held = new Map<string, number>();
  const candidates = new Map<string, S[]>();
  let total = 0;
  for (const s of [...all, ...reserved]) {
    total++;
    held.set(s.keyId, (held.get(s.keyId) ?? 0) + 1);
  }
  for (const s of all.filter(abandoned)) {
    const list = candidates.get(s.keyId);
    if (list) list.push(s);
    else candidates.set(s.keyId, [s]);
  }
  if ((held.get(keyId) ?? 0) >= limits.maxSessionsPerKey) {
    const evict = leastRecent(candidates.get(keyId) ?? []);
    return evict ? { ok: true, evict } : { ok: false, cap: 'maxSessionsPerKey', limit: limits.maxSessionsPerKey };
  }
  if (total >= limits.maxSessions) {
    const heaviest = [...candidates.keys()].sort((a, b) => (held.get(b) ?? 0) - (held.get(a) ?? 0))[0];
    const evict = heaviest === undefined ? undefined : leastRecent(candidates.get(heaviest) ?? []);
    return evict ? { ok: true, evict } : { ok: false, cap: 'maxSessions', limit: limits.maxSessions };
  }
  return { ok: true };
}

/** True when a session has had no request for longer than the idle limit. */
export const isIdle = (s: SessionUse, now: number, limits: SessionLimits) => s.busy === 0 && now - s.lastSeen > limits.idleTimeoutMs;

/** Limits from THREATMATIC_MCP_* variables over the defaults; a bad value throws naming the variable. */
export function sessionLimitsFromEnv(env: Record<string, string | undefined>, base: SessionLimits = DEFAULT_SESSION_LIMITS): SessionLimits {
  const limits = { ...base };
  for (const [field, { name, scale }] of Object.entries(SESSION_LIMIT_ENV) as [keyof SessionLimits, { name: string; scale: number }][]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    if (!/^[1-9][0-9]{0,6}$/.test(raw)) throw new Error(`${name} must be a whole number from 1 to 9999999, got '${raw}'`);
    limits[field] = Number(raw) * scale;
  }
  if (limits.maxSessionsPerKey > limits.maxSessions) throw new Error(`${SESSION_LIMIT_ENV.maxSessionsPerKey.name} (${limits.maxSessionsPerKey}) must not exceed ${SESSION_LIMIT_ENV.maxSessions.name} (${limits.maxSessions})`);
  return limits;
}
