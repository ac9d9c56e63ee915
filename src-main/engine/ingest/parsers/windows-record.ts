// One Windows event log record, whatever shipped it: NXLog/Logstash flat JSON (the OTRF/Mordor
// datasets), Winlogbeat/Elastic Common Schema (`winlog.*`), and `evtx_dump` JSON lines (`Event.System`,
// `Event.EventData`), and Windows Event Forwarding XML rendered as text (`<Event xmlns=...>`), which
// fast-xml-parser reads into the evtx_dump shape (the same element names and `#attributes`/`#text`).
// Each is read into the same small shape the Windows parser maps to events.
import type * as fxp from 'fast-xml-parser';
import { lazyModule } from '../../lazy-module';
import { reject } from './types';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

export type WindowsShape = 'nxlog' | 'winlogbeat' | 'evtx_dump';

export interface WindowsRecord {
  shape: WindowsShape;
  eventId: number;
  /** Lowercase channel: `security`, `system`, `microsoft-windows-sysmon/operational`... */
  channel: string;
  /** The computer that logged it, lowercase; undefined when the record does not say. */
  computer: string | undefined;
  /** The time field's name and value, for the timestamp reader and its reject messages. */
  timeField: string;
  time: unknown;
  /** EventData by name. */
  data: Obj;
}

/** Which shape a JSON object is, or null when it is no Windows event record. */
export function windowsShape(o: Obj): WindowsShape | null {
  if (o.EventID !== undefined && (o.Channel !== undefined || o.SourceName !== undefined)) return 'nxlog';
  const winlog = obj(o.winlog);
  if (winlog && (winlog.event_id !== undefined || winlog.channel !== undefined)) return 'winlogbeat';
  const system = obj(obj(o.Event)?.System);
  if (system && system.EventID !== undefined) return 'evtx_dump';
  return null;
}

const lower = (v: unknown) => (typeof v === 'string' && v.length ? v.toLowerCase() : undefined);

function eventIdOf(v: unknown, field: string): number {
  // evtx_dump writes an EventID with qualifiers as {"#attributes": {...}, "#text": 7045}.
  const raw = obj(v) ? obj(v)!['#text'] : v;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) reject(`field '${field}' is not a Windows event id: ${JSON.stringify(raw) ?? String(raw)}`);
  return n;
}

/** evtx_dump EventData: named values as an object, or a `Data` list of {"#attributes":{"Name"}, "#text"}. */
function evtxData(eventData: unknown): Obj {
  const d = obj(eventData);
  if (!d) return {};
  if (Array.isArray(d.Data)) {
    const out: Obj = {};
    for (const item of d.Data) {
      const name = obj(obj(item)?.['#attributes'])?.Name;
      if (typeof name === 'string') out[name] = obj(item)!['#text'];
    }
    return out;
  }
  return d;
}

export function readWindowsRecord(o: Obj, shape: WindowsShape): WindowsRecord {
  switch (shape) {
    case 'nxlog':
      return {
        shape, eventId: eventIdOf(o.EventID, 'EventID'), channel: lower(o.Channel) ?? lower(o.SourceName) ?? '',
        computer: lower(o.Hostname) ?? lower(o.Computer) ?? lower(o.host),
        // Logstash's @timestamp is UTC; NXLog's own EventTime is the collector's local time without a zone.
        timeField: o['@timestamp'] !== undefined ? '@timestamp' : o.TimeCreated !== undefined ? 'TimeCreated' : 'EventTime',
        time: o['@timestamp'] ?? o.TimeCreated ?? o.EventTime,
        data: o,
      };
    case 'winlogbeat': {
      const w = obj(o.winlog)!;
      const code = w.event_id ?? obj(o.event)?.code;
      return {
        shape, eventId: eventIdOf(code, 'winlog.event_id'), channel: lower(w.channel) ?? lower(w.provider_name) ?? '',
        computer: lower(w.computer_name) ?? lower(obj(o.host)?.name) ?? lower(obj(o.host)?.hostname),
        timeField: '@timestamp', time: o['@timestamp'],
        data: { ...(obj(w.event_data) ?? {}), ...(obj(w.user_data) ?? {}) },
      };
    }
    case 'evtx_dump': {
      const ev = obj(o.Event)!;
      const sys = obj(ev.System)!;
      const created = obj(obj(sys.TimeCreated)?.['#attributes'])?.SystemTime;
      return {
        shape, eventId: eventIdOf(sys.EventID, 'Event.System.EventID'), channel: lower(sys.Channel) ?? '',
        computer: lower(sys.Computer),
        timeField: 'Event.System.TimeCreated.SystemTime', time: created,
        data: { ...evtxData(ev.EventData), ...(obj(ev.UserData) ? flatten(obj(ev.UserData)!) : {}) },
      };
    }
  }
}

/** UserData holds one element named for the event (e.g. `LogFileCleared`): its fields are the data. */
function flatten(userData: Obj): Obj {
  const inner = Object.values(userData).find((v) => obj(v));
  return obj(inner) ?? {};
}

/**
 * One `<Event>` element of Windows XML as the object evtx_dump would have written for it. A maintained
 * XML parser (fast-xml-parser: entities, CDATA, attributes in either quote, self-closing `<Data/>`)
 * rather than patterns over the text; values stay strings (the mappers convert), no DTD is fetched.
 */
const xmlLib = lazyModule<typeof fxp>('fast-xml-parser');
let parser: fxp.XMLParser | undefined;
/** Built on the first XML event: most ingests carry none, and the parser's module is not small. */
const xml = () => (parser ??= new (xmlLib().XMLParser)({
  ignoreAttributes: false, attributeNamePrefix: '', attributesGroupName: '#attributes', textNodeName: '#text',
  parseTagValue: false, parseAttributeValue: false, removeNSPrefix: true, isArray: (name) => name === 'Data',
}));

export function xmlEvent(text: string): Obj {
  let o: unknown;
  try {
    o = xml().parse(text, true);
  } catch (err) {
    return reject(`invalid XML: ${(err as Error).message.split('\n', 1)[0]}`);
  }
  const ev = obj(obj(o)?.Event);
  if (!ev || !obj(ev.System)) return reject('not a Windows XML event: no <Event><System> element');
  return { Event: ev };
}
