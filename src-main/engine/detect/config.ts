// Detector and baseline thresholds: defaults in code, overrides stored in settings['detect.config'],
// validated on load and on save. The schema and its defaults are the contract's (detect-settings.ts).
import type { z } from 'zod';
import { detectConfigSchema } from '@shared/contract/operations/detect-settings';
import type { Actor } from '@shared/domain/actor';
import type { AuditLog } from '../audit/audit-log';
import type { SqlRunner } from '../db/sql';
import { readSetting, writeSetting } from '../settings/settings-store';
import { invalid } from '../errors';

;

const DETECT_CONFIG_KEY = 'detect.config';

export type DetectConfig = z.output<typeof detectConfigSchema>;
export type DetectConfigInput = z.input<typeof detectConfigSchema>;

export const DEFAULT_DETECT_CONFIG: DetectConfig = detectConfigSchema.parse({});

/** Validates overrides (a partial tree) into a full configuration; throws a UserError naming the field. */
export function parseDetectConfig(input: unknown): DetectConfig {
  const r = detectConfigSchema.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw invalid(`detect.config.${issue.path.join('.')}`, issue.message);
  }
  return r.data;
}

/** The stored configuration, or the defaults; a stored value that no longer validates falls back loudly. */
export function loadDetectConfig(db: SqlRunner, warn?: (msg: string) => void): DetectConfig {
  const row = readSetting(db, DETECT_CONFIG_KEY);
  if (!row) return DEFAULT_DETECT_CONFIG;
  try {
    return parseDetectConfig(JSON.parse(row));
  } catch (err) {
    warn?.(`stored ${DETECT_CONFIG_KEY} is invalid (${(err as Error).message}); using defaults`);
    return DEFAULT_DETECT_CONFIG;
  }
}

/** Stores overrides (validated first), audited in the same transaction. Returns the effective config. */
export function saveDetectConfig(db: SqlRunner, audit: AuditLog, actor: Actor, overrides: DetectConfigInput): DetectConfig {
  const cfg = parseDetectConfig(overrides);
  return audit.record(actor, 'detect.config.set', overrides, () => {
    writeSetting(db, DETECT_CONFIG_KEY, JSON.stringify(overrides));
    return cfg;
  });
}
