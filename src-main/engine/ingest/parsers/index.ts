// The parser for each telemetry format.
import type { TelemetryFormat } from '@shared/domain/enums';
import { CanonicalParser } from './canonical';
import { OcsfParser } from './ocsf';
import { ProxyCsvParser } from './proxy-csv';
import { SquidParser } from './squid';
import { SuricataParser } from './suricata';
import type { LineParser, ParserOptions } from './types';
import { WindowsEventParser } from './windows-events';
import { ZeekJsonParser } from './zeek-json';
import { ZeekTsvParser } from './zeek-tsv';

export function createParser(format: TelemetryFormat, opts: ParserOptions = {}): LineParser {
  switch (format) {
    case 'canonical': return new CanonicalParser();
    case 'zeek_tsv': return new ZeekTsvParser(opts);
    case 'zeek_json': return new ZeekJsonParser(opts);
    case 'ocsf': return new OcsfParser();
    case 'suricata_eve': return new SuricataParser();
    case 'squid': return new SquidParser();
    case 'proxy_csv': return new ProxyCsvParser();
    case 'windows_events': return new WindowsEventParser();
  }
}
