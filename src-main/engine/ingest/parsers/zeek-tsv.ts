// Zeek ASCII logs (conn, dns, http, ssl, files, notice): TSV with a #separator/#fields header, '-' for
// unset and '(empty)' for empty values, extra columns tolerated (Slips adds label/detailedlabel). Other
// Zeek logs (x509, pe, weird, ...) are recognized and their lines counted as skipped.
import { APP_LOGS, zeekAppEvent } from './zeek-app-records';
import { zeekConnEvent, zeekDnsEvent } from './zeek-records';
import { IGNORE, SKIP, reject, type LineParser, type ParseResult, type ParserOptions } from './types';

type LogKind = 'conn' | 'dns' | 'app' | 'other';

const CONN_FIELDS = ['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state'] as const;
const DNS_FIELDS = ['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'query', 'answers', 'rcode_name', 'rcode'] as const;

function unescapeSeparator(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export class ZeekTsvParser implements LineParser {
  private sep = '\t';
  private setSep = ',';
  private unset = '-';
  private empty = '(empty)';
  private path: string | null = null;
  private fields: string[] | null = null;
  private kind: LogKind = 'other';
  /** Column index of each field the mapping reads (-1 when the log lacks it). */
  private col: number[] = [];
  /** Column of every field by name (application logs read them by name). */
  private index = new Map<string, number>();
  private readonly skippedPaths = new Set<string>();

  constructor(private readonly opts: ParserOptions = {}) {}

  replay(text: string): void {
    if (text.charCodeAt(0) === 35) this.header(text);
  }

  parse(text: string): ParseResult {
    if (text.charCodeAt(0) === 35) {
      this.header(text);
      return IGNORE;
    }
    if (!this.fields) return reject('data line before the #fields header: not a Zeek log, or its header is missing');
    if (this.kind === 'other') {
      this.skippedPaths.add(this.path ?? 'unknown');
      return SKIP;
    }
    const v = text.split(this.sep);
    if (v.length < this.fields.length) return reject(`expected ${this.fields.length} fields (per #fields), found ${v.length}`);
    const c = this.col;
    const get = (i: number) => {
      if (c[i] < 0) return undefined;
      const s = v[c[i]];
      return s === this.unset ? undefined : s;
    };
    const tb = this.opts.timeBase;
    if (this.kind === 'app') {
      const ev = zeekAppEvent(this.path!, (name) => {
        const i = this.index.get(name);
        if (i === undefined) return undefined;
        const s = v[i];
        return s === this.unset ? undefined : s;
      }, tb);
      return ev ?? SKIP;
    }
    if (this.kind === 'conn') return zeekConnEvent(get(0), get(1), get(2), get(3), get(4), get(5), get(6), get(7), get(8), get(9), tb);
    const rawAnswers = get(7);
    const answers = rawAnswers === undefined ? undefined : rawAnswers === this.empty ? [] : rawAnswers.split(this.setSep);
    return zeekDnsEvent(get(0), get(1), get(2), get(3), get(4), get(5), get(6), answers, get(8) ?? get(9), tb);
  }

  skipNotes(): string[] {
    return [...this.skippedPaths].map((p) => `Zeek '${p}' log lines skipped: conn, dns, http, ssl, files, notice and x509 logs are ingested`);
  }

  private header(text: string): void {
    if (text.startsWith('#separator')) {
      this.sep = unescapeSeparator(text.slice('#separator'.length).trim()) || '\t';
      return;
    }
    const parts = text.split(this.sep);
    const key = parts[0];
    const value = parts.slice(1);
    switch (key) {
      case '#set_separator': this.setSep = value[0] ?? ','; break;
      case '#unset_field': this.unset = value[0] ?? '-'; break;
      case '#empty_field': this.empty = value[0] ?? '(empty)'; break;
      case '#path': this.path = value[0] ?? null; this.resolve(); break;
      case '#fields': this.fields = value; this.resolve(); break;
    }
  }

  /** Decides which log this is (by #path, else by its fields) and where the mapped columns are. */
  private resolve(): void {
    if (!this.fields) return;
    const has = (f: string) => this.fields!.includes(f);
    const path = this.path;
    this.index = new Map(this.fields.map((f, i) => [f, i]));
    if (path !== null && APP_LOGS.has(path)) {
      this.kind = has('ts') ? 'app' : 'other';
      return;
    }
    this.kind = path === 'conn' || (path === null && has('conn_state')) ? 'conn' : path === 'dns' || (path === null && has('query')) ? 'dns' : 'other';
    const names = this.kind === 'conn' ? CONN_FIELDS : DNS_FIELDS;
    this.col = names.map((n) => this.fields!.indexOf(n));
    if (this.kind !== 'other' && (this.col[0] < 0 || this.col[1] < 0 || this.col[3] < 0)) {
      this.kind = 'other';
      this.skippedPaths.add(`${path ?? 'unknown'} (no ts/id.orig_h/id.resp_h columns)`);
    }
  }
}
