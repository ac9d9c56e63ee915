// Owns AI posture's tables: analysts' tool-leg overrides, the AI posture weights and the composite's
// history. Every change is audited in the transaction that makes it.
import { DEFAULT_AI_WEIGHTS, AI_POSTURE_DIMENSIONS, type AiPostureDimension } from '@shared/contract/operations/ai-posture';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import { sql, type SqlRunner } from '../db/sql';
import { invalid } from '../errors';
import type { TrifectaLeg } from './tool-legs';

export type AiWeights = Record<AiPostureDimension, number>;
const WEIGHTS_KEY = 'weights';

/** Exactly agent, mcp and shadow, each a finite number ≥ 0, summing to 100; the refusal names the field. */
function validateAiWeights(w: Record<string, unknown>): AiWeights {
  const out = {} as AiWeights;
  for (const d of AI_POSTURE_DIMENSIONS) {
    const v = w[d];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalid(d, `weight must be a number ≥ 0, got ${JSON.stringify(v)}`);
    out[d] = v;
  }
  const sum = AI_POSTURE_DIMENSIONS.reduce((s, d) => s + out[d], 0);
  if (Math.abs(sum - 100) > 1e-9) throw invalid('weights', `must sum to 100, got ${sum} (${AI_POSTURE_DIMENSIONS.map((d) => `${d} ${out[d]}`).join(', ')})`);
  return out;
}

export class AiPostureStore {
  constructor(private readonly deps: { sql: SqlRunner; audit: AuditLog }) {}

  /** SQLite's data_version: changes when another connection (another process) commits; AI posture's cache follows it. */
  dataVersion(): number {
    return this.deps.sql.value<number>(sql`PRAGMA data_version`, 'ai.dataVersion') ?? 0;
  }

  /** The analysts' verdicts, tool → legs. */
  overrides(): Map<string, TrifectaLeg[]> {
    return new Map(this.deps.sql.all<{ tool: string; legs: string }>(sql`SELECT tool, legs FROM ai_tool_legs`).map((r) => [r.tool, JSON.parse(r.legs) as TrifectaLeg[]]));
  }

  setOverride(tool: string, legs: TrifectaLeg[] | null, reason: string, actor: Actor, now: number): void {
    this.deps.audit.record(actor, 'ai.setToolLegs', { tool, legs, reason }, () => {
      if (legs === null) this.deps.sql.run(sql`DELETE FROM ai_tool_legs WHERE tool = ${tool}`);
      else this.deps.sql.run(sql`INSERT INTO ai_tool_legs (tool, legs, reason, set_by, set_at) VALUES (${tool}, ${JSON.stringify([...new Set(legs)])}, ${reason}, ${JSON.stringify(actor)}, ${now})
        ON CONFLICT(tool) DO UPDATE SET legs = excluded.legs, reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at`);
    });
  }

  weights(): AiWeights {
    const raw = this.deps.sql.value<string>(sql`SELECT value FROM ai_posture_settings WHERE key = ${WEIGHTS_KEY}`);
    return raw === undefined ? { ...DEFAULT_AI_WEIGHTS } : (JSON.parse(raw) as AiWeights);
  }

  setWeights(input: Record<string, unknown>, actor: Actor): AiWeights {
    const weights = validateAiWeights(input);
    return this.deps.audit.record(actor, 'ai.setPostureWeights', weights, () => {
      this.deps.sql.run(sql`INSERT INTO ai_posture_settings (key, value) VALUES (${WEIGHTS_KEY}, ${JSON.stringify(weights)})
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
      return weights;
    });
  }

  /** Records the composite when it changed since the last record (a trend point per change, not per read). */
  recordScore(at: number, score: number, dims: Record<AiPostureDimension, number | null>): boolean {
    const last = this.deps.sql.get<{ score: number; agent: number | null; mcp: number | null; shadow: number | null }>(sql`SELECT score, agent, mcp, shadow FROM ai_posture_history ORDER BY at DESC LIMIT 1`);
    if (last && last.score === score && last.agent === dims.agent && last.mcp === dims.mcp && last.shadow === dims.shadow) return false;
    this.deps.sql.run(sql`INSERT OR REPLACE INTO ai_posture_history (at, score, agent, mcp, shadow) VALUES (${at}, ${score}, ${dims.agent}, ${dims.mcp}, ${dims.shadow})`);
    return true;
  }

  trend(limit = 90): { at: string; score: number }[] {
    return this.deps.sql.all<{ at: number; score: number }>(sql`SELECT at, score FROM (SELECT at, score FROM ai_posture_history ORDER BY at DESC LIMIT ${limit}) ORDER BY at`)
      .map((r) => ({ at: isoOrNull(r.at) as string, score: r.score }));
  }
}
