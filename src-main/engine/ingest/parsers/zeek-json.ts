// Zeek JSON logs (LogAscii::use_json): one object a line with flat "id.orig_h" keys (nested "id"
// objects are accepted too). conn, dns, http, ssl, files and notice records are ingested; other logs'
// records are skipped.
import { show, windowsEventNote, jsonObjectLine } from './fields';
import { APP_LOGS, zeekAppEvent } from './zeek-app-records';
import { zeekConnEvent, zeekDnsEvent } from './zeek-records';
import { SKIP, reject, type LineParser, type ParseResult, type ParserOptions } from './types';

type Obj = Record<string, unknown>;

/** Which Zeek log a record comes from: `_path` when the writer adds it, else recognized by its fields. */
function logOf(o: Obj): string {
  if (typeof o._path === 'string') return o._path;
  if ('conn_state' in o || 'orig_bytes' in o || 'history' in o || 'orig_pkts' in o) return 'conn';
  if ('query' in o || 'qtype_name' in o || 'trans_id' in o) return 'dns';
  if ('server_name' in o || 'cipher' in o) return 'ssl';
  if ('software_type' in o) return 'software';
  if ('method' in o && 'uri' in o) return 'http';
  if ('fuid' in o && ('mime_type' in o || 'seen_bytes' in o)) return 'files';
  if ('note' in o && 'msg' in o) return 'notice';
  return 'unknown';
}

export class ZeekJsonParser implements LineParser {
  private readonly skippedLogs = new Set<string>();

  constructor(private readonly opts: ParserOptions = {}) {}

  parse(text: string): ParseResult {
    const o = jsonObjectLine(text) as Obj;
    const log = logOf(o);
    if (APP_LOGS.has(log)) {
      const id = (o.id && typeof o.id === 'object' ? o.id : undefined) as Obj | undefined;
      return zeekAppEvent(log, (name) => (id && name.startsWith('id.') ? id[name.slice(3)] : o[name]), this.opts.timeBase) ?? SKIP;
    }
    if (log !== 'conn' && log !== 'dns') {
      const windows = windowsEventNote(o);
      if (windows) return reject(windows);
      if (!('ts' in o)) return reject("not a Zeek record: no 'ts' field");
      this.skippedLogs.add(log);
      return SKIP;
    }
    const id = (o.id && typeof o.id === 'object' ? o.id : undefined) as Obj | undefined;
    const f = (name: string) => (id ? id[name] : o[`id.${name}`]);
    const tb = this.opts.timeBase;
    if (log === 'conn') return zeekConnEvent(o.ts, f('orig_h'), f('orig_p'), f('resp_h'), f('resp_p'), o.proto, o.duration, o.orig_bytes, o.resp_bytes, o.conn_state, tb);
    const answers = o.answers;
    if (answers !== undefined && (!Array.isArray(answers) || answers.some((a) => typeof a !== 'string'))) return reject(`field 'answers' must be an array of strings; got ${show(answers)}`);
    return zeekDnsEvent(o.ts, f('orig_h'), f('orig_p'), f('resp_h'), f('resp_p'), o.proto, o.query, answers as string[] | undefined, o.rcode_name ?? o.rcode, tb);
  }

  skipNotes(): string[] {
    return [...this.skippedLogs].map((l) => `Zeek '${l}' records skipped: conn, dns, http, ssl, files, notice and x509 logs are ingested`);
  }
}
