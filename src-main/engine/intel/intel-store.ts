// INTERFACE SKELETON, replaced by the intel implementation (owner: intel helper).
import type { OpOutput, ThreatContext } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { IndicatorKind, Reputation } from '@shared/domain/enums';
import type { IntelHit, TelemetryEvent } from '@shared/domain/telemetry';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import type { QueryTimer } from '../db/timed';
import type { Logger } from '../log';

export interface IntelDeps { db: Db; clock: Clock; log: Logger; timer: QueryTimer; audit: AuditLog }

export interface IndicatorRecord {
  value: string;
  kind?: IndicatorKind;
  reputation: Reputation;
  categories: string[];
  threat_actors: string[];
  first_seen?: number;
  last_seen?: number;
}

export interface IntelImportSummary { feed: string; format: string; imported: number; new_indicators: number; rejected: { line: number; reason: string }[] }

const NO_HITS: IntelHit[] = [];

export class IntelStore {
  constructor(private readonly deps: IntelDeps) {}
  matchEvent(_ev: TelemetryEvent): IntelHit[] { return NO_HITS; }
  lookup(_indicator: string): ThreatContext { throw new Error('pending intel implementation'); }
  feeds(): OpOutput<'intel.feeds'> { throw new Error('pending intel implementation'); }
  importIndicators(_records: IndicatorRecord[], _opts: { feed: string; format: string; actor: Actor }): IntelImportSummary { throw new Error('pending intel implementation'); }
  importFile(_path: string, _opts: { feed?: string; format?: string; category?: string; reputation?: Reputation; actor: Actor }): IntelImportSummary { throw new Error('pending intel implementation'); }
  reload(): void {}
}
