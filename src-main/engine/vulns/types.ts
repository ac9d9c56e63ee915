// The shapes the feed parsers produce and the store keeps: one vulnerability record whichever feed it
// came from (CVE 5, OSV, NVD 2.0), with the rules that say what it affects.
import type { CvssScore } from './cvss';
import type { CveVersionEntry, OsvEvent } from './versions';

/** What an advisory says it affects, in the form its feed gives. */
export type AffectedRule =
  | { kind: 'osv'; package: string; ecosystem: string | null; purl: string | null; ranges: { type: string; events: OsvEvent[] }[]; versions: string[] }
  | { kind: 'cve'; package: string; ecosystem: string | null; vendor: string; product: string; versions: CveVersionEntry[]; default_status: string | null }
  | { kind: 'cpe'; package: string; vendor: string; product: string; cpe: string; version: string | null; start_incl?: string; start_excl?: string; end_incl?: string; end_excl?: string; origin: string };

export interface Ssvc { exploitation: string | null; automatable: string | null; technical_impact: string | null; timestamp: string | null }

export interface VulnRecord {
  /** The CVE id when the record has one (its own id or an alias), else the advisory id. */
  id: string;
  aliases: string[];
  title: string | null;
  description: string | null;
  published: number | null;
  modified: number | null;
  /** Scores found in the record, each with where it came from (cna, CISA-ADP, osv, nvd). */
  scores: (CvssScore & { source: string })[];
  cwes: string[];
  ssvc: Ssvc | null;
  /** A KEV marker inside the record (CISA ADP), with the date it was added. */
  kev_added: string | null;
  affected: AffectedRule[];
  feed: 'cve5' | 'osv' | 'nvd';
}

export interface KevEntry {
  cve_id: string; vendor: string; product: string; name: string; date_added: string; due_date: string | null;
  ransomware: boolean; required_action: string | null; description: string | null;
}

export interface EpssEntry { cve_id: string; epss: number; percentile: number }
