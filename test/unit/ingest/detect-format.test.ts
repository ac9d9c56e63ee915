// Format detection from the first non-empty records of a file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src-main/engine/ingest/detect-format';
import { fixtures, securityLogs, tempDir, unzip } from './helpers';

const head = (path: string) => readFileSync(path, 'utf8').slice(0, 64 * 1024);

describe('format detection', () => {
  it('recognizes each supported format from real and fixture files', () => {
    expect(detectFormat(head(join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json')), 'eve')).toEqual({ format: 'suricata_eve', container: 'lines' });
    expect(detectFormat(head(join(fixtures, 'zeek-conn-labeled.log')), 'conn')).toEqual({ format: 'zeek_tsv', container: 'lines' });
    expect(detectFormat(head(join(fixtures, 'zeek-json-conn.log')), 'zj')).toEqual({ format: 'zeek_json', container: 'lines' });
    expect(detectFormat(head(join(fixtures, 'ocsf-auth.jsonl')), 'ocsf')).toEqual({ format: 'ocsf', container: 'lines' });
    expect(detectFormat(head(join(fixtures, 'ocsf-array.json')), 'arr')).toEqual({ format: 'ocsf', container: 'array' });
    expect(detectFormat('\uFEFF\n\n{"ts":"2026-05-21T09:00:00.000Z","kind":"heartbeat","device_id":"d"}\n', 'c')).toEqual({ format: 'canonical', container: 'lines' });
  });

  it('looks past a broken first line, but only at whole lines', () => {
    expect(detectFormat('{"ts": oops\n{"ts":"2026-05-21T09:00:00.000Z","kind":"flow"}\n', 'f').format).toBe('canonical');
    expect(() => detectFormat('{"ts":"2026-05-21T09:00:00.000Z","kind":"fl', 'cut.jsonl')).toThrow(/cut\.jsonl: unknown telemetry format/);
  });

  it('refuses empty files and unknown text with the file named', () => {
    expect(() => detectFormat('  \n', 'empty.log')).toThrow('empty.log: the file is empty: nothing to ingest');
    expect(() => detectFormat('hello\n', 'notes.txt')).toThrow("notes.txt: unknown telemetry format (first line: 'hello'). Supported: canonical JSONL, Zeek conn/dns logs (TSV or JSON), OCSF 4001/4003/3002 JSON, Suricata EVE JSON, Windows event logs (NXLog/Logstash, Winlogbeat or evtx_dump JSON, Event Forwarding XML), Squid access.log, proxy CSV exports with a header row; choose one with --format");
  });

  it('knows Windows event logs in their three JSON shapes, the real OTRF (Mordor) host logs among them', () => {
    expect(detectFormat(head(join(fixtures, 'windows-events.json')), 'win.json').format).toBe('windows_events');
    const [json] = unzip(join(securityLogs, 'otrf-security-datasets/atomic/windows/lateral_movement/host/covenant_copy_smb_CreateRequest.zip'), tempDir());
    expect(detectFormat(head(json), json).format).toBe('windows_events');
    expect(detectFormat('{"@timestamp":"2026-05-21T09:00:00Z","winlog":{"event_id":4624,"channel":"Security","computer_name":"WS01"}}\n', 'wlb.json').format).toBe('windows_events');
    expect(detectFormat('{"Event":{"System":{"EventID":4624,"Channel":"Security","Computer":"WS01"},"EventData":{}}}\n', 'evtx.jsonl').format).toBe('windows_events');
  });
});
