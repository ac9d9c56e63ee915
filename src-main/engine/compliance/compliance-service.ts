// Compliance state on demand, cached until the database or the minute changes: the fleet posture
// reads it on every call and must stay fast, while SLA checks still move with the clock.
import type { ComplianceReport } from '@shared/contract/operations/compliance-state';
import { COMPLIANCE_FRAMEWORKS, type ComplianceFramework, type ComplianceState } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { CheckResult } from '@shared/contract/operations/compliance-state';
import type { Clock } from '../clock';
import { sql } from '../db/sql';
import { readComplianceFacts, type ComplianceSources } from './compliance-facts';
import { CONTROL_SETS } from './control-sets';
import { evaluateFramework } from './evaluate';

const MINUTE = 60_000;

export class ComplianceService {
  private cached: { key: string; report: ComplianceReport } | null = null;

  constructor(
    private readonly src: ComplianceSources & { clock: Clock },
    private readonly policiesPopulated: () => boolean,
  ) {}

  /** Forgets the cached evaluation (posture recompute calls this after each batch). */
  invalidate(): void {
    this.cached = null;
  }

  report(framework?: ComplianceFramework, now = this.src.clock.now()): ComplianceReport {
    // data_version moves when another connection commits; total_changes() when this one writes.
    const changes = this.src.sql.value<number>(sql`SELECT total_changes()`, 'compliance.total_changes');
    const key = `${this.src.sql.db.pragma('data_version', { simple: true })}:${changes}:${Math.floor(now / MINUTE)}`;
    if (this.cached?.key !== key) {
      const report = this.src.sql.measure('compliance.evaluate', () => {
        const facts = readComplianceFacts(this.src, now, this.policiesPopulated());
        const checks = new Map<string, CheckResult>();
        return { assessed_at: isoOrNull(now) as string, frameworks: COMPLIANCE_FRAMEWORKS.map((f) => evaluateFramework(CONTROL_SETS[f], facts, checks)) };
      });
      this.cached = { key, report };
    }
    const { report } = this.cached;
    return framework ? { ...report, frameworks: report.frameworks.filter((f) => f.framework === framework) } : report;
  }

  /** The three framework states get_fleet_posture reports. */
  states(now = this.src.clock.now()): Record<ComplianceFramework, ComplianceState> {
    const byName = Object.fromEntries(this.report(undefined, now).frameworks.map((f) => [f.framework, f.state]));
    return { iso_27001: byName.iso_27001, nis2: byName.nis2, nist_csf: byName.nist_csf };
  }
}
