// A CVSS vector's base score and severity, through a maintained calculator (ae-cvss-calculator, which
// implements the FIRST specifications for v2, v3.0, v3.1 and v4.0). The records' own `baseScore` is
// used only when the vector does not parse.
import type cvssCalculator from 'ae-cvss-calculator';
import { lazyModule } from '../lazy-module';

// A CommonJS package: its classes are read from the default export so the bundled ESM CLI loads it too.
const calculator = lazyModule<typeof cvssCalculator>('ae-cvss-calculator');

export type CvssSeverity = 'critical' | 'high' | 'medium' | 'low' | 'none';

export interface CvssScore { version: string; vector: string; score: number; severity: CvssSeverity }

/** The FIRST qualitative rating of a v3/v4 base score. */
export function severityOf(score: number): CvssSeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

/** Parses and scores a vector; null when the calculator cannot read it. */
export function scoreVector(vector: string, fallbackScore?: number | null): CvssScore | null {
  const v = vector.trim();
  try {
    let version: string;
    let score: number | undefined;
    const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = calculator();
    if (v.startsWith('CVSS:4.0/')) { version = '4.0'; score = new Cvss4P0(v).calculateScores().base; }
    else if (v.startsWith('CVSS:3.1/')) { version = '3.1'; score = new Cvss3P1(v).calculateScores().base; }
    else if (v.startsWith('CVSS:3.0/')) { version = '3.0'; score = new Cvss3P0(v).calculateScores().base; }
    else if (/^AV:[LAN]\/AC:/.test(v)) { version = '2.0'; score = new Cvss2(v).calculateScores().base; }
    else return null;
    if (typeof score !== 'number' || Number.isNaN(score)) score = fallbackScore ?? undefined;
    if (typeof score !== 'number') return null;
    return { version, vector: v, score, severity: severityOf(score) };
  } catch {
    if (typeof fallbackScore === 'number') return { version: v.startsWith('CVSS:') ? v.slice(5, 8) : '2.0', vector: v, score: fallbackScore, severity: severityOf(fallbackScore) };
    return null;
  }
}

const VERSION_RANK: Record<string, number> = { '4.0': 4, '3.1': 3, '3.0': 2, '2.0': 1 };

/** Of several scores, the one to use: the newest CVSS version, then the higher score. */
export function preferredScore(scores: readonly (CvssScore | null | undefined)[]): CvssScore | null {
  let best: CvssScore | null = null;
  for (const s of scores) {
    if (!s) continue;
    if (!best || (VERSION_RANK[s.version] ?? 0) > (VERSION_RANK[best.version] ?? 0) || (s.version === best.version && s.score > best.score)) best = s;
  }
  return best;
}
