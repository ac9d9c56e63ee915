// CSV exports of secure web gateways (docs/shadow-ai.md, "Proxy logs"): a header row naming the columns,
// one request a line. Columns are found by the names the major gateways use (Zscaler NSS field names,
// Netskope, Cisco Umbrella, Forcepoint, Blue Coat/Symantec W3C ELFF names, generic ones), compared without
// case, spaces, '-', '_' and '()'. Each row is an `http` event; a row without a time, or without a host
// or URL, is a reject naming what is missing.
import { csvRows } from '../../util/csv';
import { countField, ipField, show, timestampField } from './fields';
import { hostOfUrl } from './squid';
import { IGNORE, PipelineEvent, reject, type LineParser, type ParseResult } from './types';

/** Our field → the column names that carry it, normalized (lowercase, no space, '-', '_', '(' or ')'). */
const PROXY_CSV_COLUMNS = {
  ts: ['time', 'timestamp', 'datetime', 'eventtime', 'epochtime', 'ts', 'date'],
  user: ['user', 'username', 'login', 'userid', 'csusername', 'mostgranularidentity', 'identity', 'useremail', 'ur'],
  src_ip: ['clientip', 'cip', 'srcip', 'sourceip', 'internalip', 'clientipaddress', 'cip', 'userip', 'src'],
  dst_ip: ['serverip', 'sip', 'dstip', 'destinationip', 'destip', 'sip', 'serveripaddress', 'dst', 'rsip'],
  host: ['host', 'hostname', 'cshost', 'urlhost', 'domain', 'serverhost', 'site', 'dsthost', 'fqdn', 'hostheader'],
  url: ['url', 'eurl', 'csuri', 'requesturl', 'uri', 'fullurl', 'requestedurl'],
  method: ['method', 'reqmethod', 'requestmethod', 'csmethod', 'httpmethod'],
  status: ['status', 'statuscode', 'respcode', 'responsecode', 'scstatus', 'httpstatus', 'httpstatuscode'],
  bytes_out: ['reqsize', 'requestsize', 'csbytes', 'bytesout', 'bytessent', 'clientbytes', 'uploadbytes', 'sentbytes', 'clienttransmittedbytes'],
  bytes_in: ['respsize', 'responsesize', 'scbytes', 'bytesin', 'bytesreceived', 'serverbytes', 'downloadbytes', 'receivedbytes', 'serverreceivedbytes'],
  user_agent: ['useragent', 'ua', 'csuseragent', 'agent'],
} as const;
type Field = keyof typeof PROXY_CSV_COLUMNS;

const normalizeColumn = (name: string) => name.toLowerCase().replace(/[\s_\-()]/g, '');

/** The column index of each of our fields in a header row (fields it lacks are absent). */
function mapProxyHeader(names: string[]): Partial<Record<Field, number>> | null {
  const norm = names.map(normalizeColumn);
  const out: Partial<Record<Field, number>> = {};
  for (const field of Object.keys(PROXY_CSV_COLUMNS) as Field[]) {
    for (const alias of PROXY_CSV_COLUMNS[field]) {
      const i = norm.indexOf(alias);
      if (i >= 0) { out[field] = i; break; }
    }
  }
  return out.ts !== undefined && (out.host !== undefined || out.url !== undefined) ? out : null;
}

/** Whether a first line is a proxy CSV header this parser understands. */
export function isProxyCsvHeader(line: string): boolean {
  return line.includes(',') && mapProxyHeader(splitLine(line)) !== null;
}

function splitLine(text: string): string[] {
  for (const row of csvRows(text)) return row.fields;
  return [];
}

export class ProxyCsvParser implements LineParser {
  private cols: Partial<Record<Field, number>> | null = null;
  private width = 0;

  replay(text: string): void {
    if (!this.cols) this.header(text);
  }

  private header(text: string): void {
    const names = splitLine(text);
    const cols = mapProxyHeader(names);
    if (!cols) reject(`CSV header ${show(text)} names no time column or no host/URL column (docs/shadow-ai.md lists the names understood)`);
    this.cols = cols;
    this.width = names.length;
  }

  parse(text: string): ParseResult {
    if (!text.trim()) return IGNORE;
    if (!this.cols) {
      this.header(text);
      return IGNORE;
    }
    const v = splitLine(text);
    if (v.length < this.width) return reject(`expected ${this.width} columns (per the header), found ${v.length}`);
    const c = this.cols;
    const get = (f: Field) => {
      const i = c[f];
      if (i === undefined) return undefined;
      const s = v[i].trim();
      return s === '' || s === '-' || s === 'None' ? undefined : s;
    };
    const ev = new PipelineEvent();
    ev.kind = 'http';
    const ts = get('ts');
    if (ts === undefined) return reject('no time in the time column');
    ev.ts = timestampField('time', ts);
    const url = get('url');
    const host = get('host');
    if (url !== undefined) ev.url = url;
    const h = host !== undefined ? hostOfUrl(host) : url !== undefined ? hostOfUrl(url.includes('://') || !url.startsWith('/') ? url : '') : undefined;
    if (h === undefined) return reject(`no host: neither the host column nor the URL names one (${show(host ?? url ?? '')})`);
    ev.host = h;
    const user = get('user');
    if (user !== undefined) ev.user_id = user;
    const src = get('src_ip');
    if (src !== undefined) ev.src_ip = ipField('client ip', src);
    const dst = get('dst_ip');
    if (dst !== undefined) ev.dst_ip = ipField('server ip', dst);
    const method = get('method');
    if (method !== undefined) ev.http_method = method.toUpperCase();
    const status = get('status');
    if (status !== undefined && /^\d{3}$/.test(status)) ev.status_code = Number(status);
    const up = get('bytes_out');
    if (up !== undefined) ev.bytes_out = countField('request size', up);
    const down = get('bytes_in');
    if (down !== undefined) ev.bytes_in = countField('response size', down);
    const ua = get('user_agent');
    if (ua !== undefined) ev.user_agent = ua;
    return ev;
  }
}
