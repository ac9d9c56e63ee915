// Microsoft 365 unified audit log exports → Copilot sightings per user and app. Reads what the Purview
// portal exports (CSV: RecordId, CreationDate, RecordType, Operation, UserId, AuditData, ...; older exports
// UserIds and Operations) and JSON (an array or one record a line: the AuditData objects themselves, as the
// Management Activity API returns them, or records wrapping AuditData as an object or JSON text, as
// Search-UnifiedAuditLog | ConvertTo-Json writes them). CopilotInteraction records (RecordType 261) count;
// every other record is skipped and counted. Field names per learn.microsoft.com, "CopilotInteraction"
// (office-365-management-api/copilot-schema): CreationTime (UTC), UserId, ClientIP, CopilotEventData
// { AppHost, Contexts[{Id, Type}], AccessedResources, ThreadId }.
import { parseIsoTimestamp } from '@shared/domain/time';
import { invalid } from '../errors';
import { csvRecords } from '../util/csv';
import { addSighting, emptyDeltas, type Deltas } from './discovery';

const M365_COPILOT_SERVICE = 'microsoft-365-copilot';

export interface CopilotRecord { ts: number; user: string; app: string; contexts: string[]; resources: number }
export interface CopilotParse { records: number; copilot: CopilotRecord[]; skipped: number }

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The AuditData of one exported record: the record itself, or its AuditData field (object or JSON text). */
function auditData(r: Obj): Obj | null {
  const a = r.AuditData ?? r.auditData ?? r.auditdata;
  if (isObj(a)) return a;
  if (typeof a === 'string' && a.trim().startsWith('{')) {
    try {
      const o: unknown = JSON.parse(a);
      return isObj(o) ? o : null;
    } catch {
      return null;
    }
  }
  return 'Operation' in r || 'CopilotEventData' in r ? r : null;
}

function copilotRecord(a: Obj): CopilotRecord | null {
  if (a.Operation !== 'CopilotInteraction' && a.RecordType !== 261) return null;
  const ts = typeof a.CreationTime === 'string' ? parseIsoTimestamp(a.CreationTime, true) : NaN;
  const user = typeof a.UserId === 'string' ? a.UserId : '';
  if (Number.isNaN(ts) || !user) return null;
  const ev = isObj(a.CopilotEventData) ? a.CopilotEventData : {};
  const contexts = Array.isArray(ev.Contexts) ? ev.Contexts.filter(isObj).map((c) => String(c.Type ?? 'unknown')) : [];
  return {
    ts, user: user.toLowerCase(), app: typeof ev.AppHost === 'string' && ev.AppHost ? ev.AppHost : (typeof a.AppIdentity === 'string' ? a.AppIdentity : 'unknown'),
    contexts, resources: Array.isArray(ev.AccessedResources) ? ev.AccessedResources.length : 0,
  };
}

function jsonRecords(text: string): unknown[] {
  const t = text.trim();
  if (t.startsWith('[')) return JSON.parse(t) as unknown[];
  return t.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
}

/** Parses an export; throws an invalid_input error naming the file's problem when it is neither format. */
export function parseCopilotExport(text: string, file: string): CopilotParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const head = body.trimStart();
  let rows: Obj[];
  if (head.startsWith('[') || head.startsWith('{')) {
    try {
      rows = jsonRecords(body).filter(isObj);
    } catch (err) {
      throw invalid('path', `${file}: not a JSON audit log export: ${(err as Error).message}`);
    }
  } else {
    rows = [];
    for (const r of csvRecords(body)) rows.push({ AuditData: r.values.auditdata, Operation: r.values.operation ?? r.values.operations });
    if (rows.length && rows.every((r) => r.AuditData === undefined)) throw invalid('path', `${file}: a CSV export needs the AuditData column (Purview audit search export)`);
  }
  const copilot: CopilotRecord[] = [];
  let skipped = 0;
  for (const r of rows) {
    const a = auditData(r);
    const c = a ? copilotRecord(a) : null;
    if (c) copilot.push(c);
    else skipped++;
  }
  return { records: rows.length, copilot, skipped };
}

/** Sightings of Microsoft 365 Copilot per user and app (AppHost: bizchat, appchat, Word, Teams...). */
export function copilotDeltas(records: readonly CopilotRecord[]): Deltas {
  const d = emptyDeltas();
  for (const r of records) {
    addSighting(d, { service_id: M365_COPILOT_SERVICE, channel: 'web', source: 'copilot', entity_type: 'app', entity_id: `copilot:${r.app}`, user_id: r.user, ts: r.ts, bytes_up: 0, host: r.contexts.length ? `${r.app} (${[...new Set(r.contexts)].join(', ')})` : r.app });
  }
  return d;
}
