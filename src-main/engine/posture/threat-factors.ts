// Threat exposure: contacts with malicious or suspicious indicators in the last 7 days, end-of-life or
// outdated firmware, and firmware_vulnerable anomalies.
import type { Severity } from '@shared/domain/enums';
import type { EntityState } from './entity-state';
import { ANOMALY_POINTS } from './behavior-factors';
import { plural, type Factor } from './factor';

const MALICIOUS_POINTS = -40;
const SUSPICIOUS_POINTS = -15;
const FIRMWARE_EOL_POINTS = -60;
const FIRMWARE_OUTDATED_POINTS = -25;
const VULNERABLE_POINTS: Record<Severity, number> = { critical: -70, high: -50, medium: -30, low: -15 };

const list = (values: string[], max = 3) => values.slice(0, max).join(', ') + (values.length > max ? ` and ${values.length - max} more` : '');

export function threatFactors(s: EntityState): Factor[] {
  const out: Factor[] = [];
  const f = (factor: string, points: number, why: string) => out.push({ dimension: 'threat', factor, points, why });

  const malicious = s.intel.filter((h) => h.reputation === 'malicious').map((h) => h.value).sort();
  const iocAnomalies = s.anomalies.filter((a) => a.type === 'ioc_contact');
  // An ioc_contact anomaly and the intel hits behind it are one exposure: count whichever says more.
  const fromHits = malicious.length * MALICIOUS_POINTS;
  const fromAnomalies = iocAnomalies.reduce((sum, a) => sum + ANOMALY_POINTS[a.severity], 0);
  if (fromHits < 0 || fromAnomalies < 0) {
    const why = fromHits <= fromAnomalies
      ? `contacted ${plural(malicious.length, 'malicious indicator')} in the last 7 days (${list(malicious)})`
      : `${plural(iocAnomalies.length, 'open ioc_contact anomaly', 'open ioc_contact anomalies')}`;
    f('ioc_contact', Math.min(fromHits, fromAnomalies), why);
  }
  const suspicious = s.intel.filter((h) => h.reputation === 'suspicious').map((h) => h.value).sort();
  if (suspicious.length) f('suspicious_contact', suspicious.length * SUSPICIOUS_POINTS, `contacted ${plural(suspicious.length, 'suspicious indicator')} in the last 7 days (${list(suspicious)})`);

  const d = s.device;
  const version = d?.firmware_version ? `firmware ${d.firmware_version}` : 'firmware';
  const eolAnomaly = s.anomalies.some((a) => a.type === 'firmware_eol');
  if (d?.firmware_status === 'eol' || eolAnomaly) f('firmware_eol', FIRMWARE_EOL_POINTS, `${version} is end-of-life: it no longer receives security fixes`);
  else if (d?.firmware_status === 'outdated') f('firmware_outdated', FIRMWARE_OUTDATED_POINTS, `${version} is outdated: a newer release is available`);

  const vulnerable = s.anomalies.filter((a) => a.type === 'firmware_vulnerable');
  if (vulnerable.length) {
    const worst = vulnerable.reduce((min, a) => Math.min(min, VULNERABLE_POINTS[a.severity]), 0);
    f('firmware_vulnerable', worst - 10 * (vulnerable.length - 1), `${plural(vulnerable.length, 'open firmware_vulnerable anomaly', 'open firmware_vulnerable anomalies')} (known-vulnerable component versions)`);
  }
  return out;
}
