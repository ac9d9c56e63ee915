// Tells a telemetry file's format from its first non-empty records (the --format option overrides).
import type { TelemetryFormat } from '@shared/domain/enums';
import { UserError } from '../errors';
import { JsonArraySplitter } from './json-array-splitter';
import { isProxyCsvHeader } from './parsers/proxy-csv';
import { windowsShape } from './parsers/windows-record';
import type { RecordContainer } from './record-reader';

export interface DetectedFormat {
  format: TelemetryFormat;
  /** 'array' when the file is one top-level JSON array of records, 'xml' for Windows XML events, else one record a line. */
  container: RecordContainer;
}

/** The format one JSON record belongs to, or null when it is none we know. */
function classifyRecord(o: Record<string, unknown>): TelemetryFormat | null {
  if (windowsShape(o)) return 'windows_events';
  if ('class_uid' in o) return 'ocsf';
  if (typeof o.event_type === 'string' && ('timestamp' in o || 'flow_id' in o)) return 'suricata_eve';
  if ('kind' in o && 'ts' in o) return 'canonical';
  if ('ts' in o && ('uid' in o || 'id.orig_h' in o || 'id' in o || '_path' in o)) return 'zeek_json';
  return null;
}

/** Windows Event Forwarding XML rendered as text: an `<Event>` (or an `<Events>` wrapper) in the event schema's namespace. */
const WINDOWS_XML = /^\s*(<\?xml[^>]*>\s*)?<(Events|Event)[\s>][^]*?xmlns=["']http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event/;

/** A line of Squid's native access.log: epoch.millis, elapsed, client, CODE/status, bytes, METHOD. */
const SQUID_LINE = /^\d{9,10}\.\d{3}\s+-?\d+\s+\S+\s+[A-Z_]+\/\d{3}\s+\d+\s+[A-Z_]+\s+\S+/;

const excerpt = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);

/**
 * `head` is the start of the file (a few KiB are plenty); `file` names it in errors; `whole` says the
 * head is the entire file, so its last line is complete even without a final newline (a one-line file).
 */
export function detectFormat(head: string, file: string, whole = false): DetectedFormat {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const trimmed = text.trimStart();
  if (trimmed.length === 0) throw new UserError('invalid_input', `${file}: the file is empty: nothing to ingest`, 'file');
  if (WINDOWS_XML.test(trimmed.slice(0, 2000))) return { format: 'windows_events', container: 'xml' };
  if (/^#(separator|fields|path|set_separator)\b/.test(trimmed)) return { format: 'zeek_tsv', container: 'lines' };
  const firstLine = trimmed.split('\n', 1)[0].trim();
  if (SQUID_LINE.test(firstLine)) return { format: 'squid', container: 'lines' };
  if (!firstLine.startsWith('{') && !firstLine.startsWith('[') && isProxyCsvHeader(firstLine)) return { format: 'proxy_csv', container: 'lines' };
  if (trimmed.startsWith('[')) {
    let first: string | undefined;
    new JsonArraySplitter().push(trimmed, (record) => {
      first ??= record;
    });
    const format = first === undefined ? null : classifyText(first);
    if (!format) throw unknown(file, trimmed);
    return { format, container: 'array' };
  }
  const lines = text.split('\n');
  // The last line of a head cut from a longer file may be cut short: only whole lines are tried.
  const complete = whole ? lines.length : lines.length - 1;
  for (let i = 0, tried = 0; i < complete && tried < 20; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    tried++;
    const format = classifyText(line);
    if (format) return { format, container: 'lines' };
  }
  throw unknown(file, trimmed);
}

function classifyText(line: string): TelemetryFormat | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
  return classifyRecord(o as Record<string, unknown>);
}

function unknown(file: string, head: string): UserError {
  const firstLine = head.split('\n', 1)[0];
  return new UserError(
    'unsupported',
    `${file}: unknown telemetry format (first line: '${excerpt(firstLine)}'). Supported: canonical JSONL, Zeek conn/dns logs (TSV or JSON), OCSF 4001/4003/3002 JSON, Suricata EVE JSON, Windows event logs (NXLog/Logstash, Winlogbeat or evtx_dump JSON, Event Forwarding XML), Squid access.log, proxy CSV exports with a header row; choose one with --format`,
    'file',
  );
}
