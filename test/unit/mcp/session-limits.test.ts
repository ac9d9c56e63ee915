// Who may open another MCP HTTP session: the per-key and global caps, which abandoned session makes
// room, and limits read from THREATMATIC_MCP_* variables (a bad value names the variable).
import { describe, expect, it } from 'vitest';
import { admit, DEFAULT_SESSION_LIMITS, isIdle, sessionLimitsFromEnv, type SessionUse } from '../../../src-main/doors/mcp/session-limits';

const limits = { maxSessions: 4, maxSessionsPerKey: 2, idleTimeoutMs: 1000 };
// Every session in these cases was last used long enough ago, unless a case says otherwise.
const at = (reserved: SessionUse[] = []) => ({ now: 100, abandonedAfterMs: 50, reserved });
const s = (keyId: string, lastSeen: number, use: Partial<SessionUse> = {}): SessionUse & { name: string } => ({ name: `${keyId}@${lastSeen}`, keyId, lastSeen, busy: 0, streams: 0, ...use });

describe('admit', () => {
  it('lets a key under both caps in without taking anything', () => {
    expect(admit([s('a', 1)], 'a', limits, at())).toEqual({ ok: true });
  });

  it('at the per-key cap takes the key\'s least recently used abandoned session, never another key\'s', () => {
    const open = [s('b', 0), s('a', 5), s('a', 3)];
    expect(admit(open, 'a', limits, at())).toEqual({ ok: true, evict: open[2] });
  });

  it('never takes a session with a request in flight or an open stream; refuses naming the cap instead', () => {
    const open = [s('a', 1, { busy: 1 }), s('a', 2, { streams: 1 }), s('b', 0)];
    expect(admit(open, 'a', limits, at())).toEqual({ ok: false, cap: 'maxSessionsPerKey', limit: 2 });
  });

  it('at the global cap takes from the key holding the most sessions, then refuses when all are in use', () => {
    const open = [s('a', 9), s('b', 1, { streams: 1 }), s('c', 2), s('c', 8)];
    expect(admit(open, 'd', { ...limits, maxSessionsPerKey: 3 }, at())).toEqual({ ok: true, evict: open[2] });
    const busy = open.map((x) => ({ ...x, streams: 1 }));
    expect(admit(busy, 'd', { ...limits, maxSessionsPerKey: 3 }, at())).toEqual({ ok: false, cap: 'maxSessions', limit: 4 });
  });
});

describe('admit and recently used sessions', () => {
  it('does not take a session used within the grace period (a client between initialize and its stream, or between calls)', () => {
    const open = [s('a', 60), s('a', 40)];
    expect(admit(open, 'a', limits, at())).toEqual({ ok: true, evict: open[1] });
    expect(admit(open, 'a', limits, { now: 89, abandonedAfterMs: 50 })).toEqual({ ok: false, cap: 'maxSessionsPerKey', limit: 2 });
  });
});

describe('admit with sessions still opening', () => {
  it('counts them against both caps and never takes one', () => {
    const opening = [s('a', 2, { busy: 1 })];
    expect(admit([s('a', 1)], 'a', limits, at(opening))).toEqual({ ok: true, evict: expect.objectContaining({ keyId: 'a', lastSeen: 1 }) });
    expect(admit([], 'a', limits, at([...opening, s('a', 3, { busy: 1 })]))).toEqual({ ok: false, cap: 'maxSessionsPerKey', limit: 2 });
    expect(admit([s('b', 1, { streams: 1 })], 'c', limits, at([s('d', 1), s('d', 2), s('e', 3)]))).toEqual({ ok: false, cap: 'maxSessions', limit: 4 });
  });
});

describe('isIdle', () => {
  it('counts a session idle after the limit with no request in flight, whatever its stream', () => {
    expect(isIdle(s('a', 0, { streams: 1 }), 1001, limits)).toBe(true);
    expect(isIdle(s('a', 0), 1000, limits)).toBe(false);
    expect(isIdle(s('a', 0, { busy: 1 }), 5000, limits)).toBe(false);
  });
});

describe('sessionLimitsFromEnv', () => {
  it('keeps the defaults without variables, and the per-key default well below the global one', () => {
    expect(sessionLimitsFromEnv({})).toEqual(DEFAULT_SESSION_LIMITS);
    expect(DEFAULT_SESSION_LIMITS.maxSessionsPerKey * 8).toBeLessThanOrEqual(DEFAULT_SESSION_LIMITS.maxSessions);
  });

  it('reads each variable, minutes for the idle limit', () => {
    expect(sessionLimitsFromEnv({ THREATMATIC_MCP_MAX_SESSIONS: '64', THREATMATIC_MCP_MAX_SESSIONS_PER_KEY: '4', THREATMATIC_MCP_IDLE_MINUTES: '5' })).toEqual({ maxSessions: 64, maxSessionsPerKey: 4, idleTimeoutMs: 300_000 });
  });

  it('refuses a bad value naming the variable, and a per-key cap above the global one', () => {
    expect(() => sessionLimitsFromEnv({ THREATMATIC_MCP_MAX_SESSIONS_PER_KEY: 'lots' })).toThrow(/THREATMATIC_MCP_MAX_SESSIONS_PER_KEY must be a whole number .* got 'lots'/);
    expect(() => sessionLimitsFromEnv({ THREATMATIC_MCP_IDLE_MINUTES: '0' })).toThrow(/THREATMATIC_MCP_IDLE_MINUTES/);
    expect(() => sessionLimitsFromEnv({ THREATMATIC_MCP_MAX_SESSIONS: '8', THREATMATIC_MCP_MAX_SESSIONS_PER_KEY: '9' })).toThrow(/THREATMATIC_MCP_MAX_SESSIONS_PER_KEY \(9\) must not exceed THREATMATIC_MCP_MAX_SESSIONS \(8\)/);
  });
});
