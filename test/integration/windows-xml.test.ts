// Windows Event Forwarding XML rendered as text, read into the same canonical events as the JSON shapes.
// Fixture: the real OTRF PsExec set (NXLog/Logstash JSON) converted record by record to the XML
// rendering of the event schema (System: EventID, Channel, Computer, TimeCreated; every other field as
// an EventData <Data Name=...>), once one event a line and once as one <Events> stream over many lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import { PipelineEvent, Rejection } from '../../src-main/engine/ingest/parsers/types';
import { WindowsEventParser } from '../../src-main/engine/ingest/parsers/windows-events';
import { actor, openEngine, securityLogs, tempDir, unzip } from '../unit/ingest/helpers';

const SET = join(securityLogs, 'otrf-security-datasets/atomic/windows/lateral_movement/host/empire_psexec_dcerpc_tcp_svcctl.zip');
const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const SYSTEM_KEYS = new Set(['EventID', 'Channel', 'Hostname', '@timestamp']);

const esc = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One NXLog/Logstash JSON record as the XML Windows renders for the same event. */
function toXml(o: Record<string, unknown>, sep = ''): string {
  const data = Object.entries(o)
    .filter(([k, v]) => !SYSTEM_KEYS.has(k) && v !== null && typeof v !== 'object')
    .map(([k, v]) => `<Data Name="${esc(k)}">${esc(String(v))}</Data>`);
  return `<Event xmlns="${NS}">${sep}<System><Provider Name="${esc(String(o.SourceName ?? ''))}"/><EventID>${o.EventID}</EventID>`
    + `<TimeCreated SystemTime="${o['@timestamp']}"/><Channel>${esc(String(o.Channel))}</Channel><Computer>${esc(String(o.Hostname))}</Computer></System>${sep}`
    + `<EventData>${data.join(sep)}</EventData>${sep}</Event>`;
}

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof Rejection) return e.reason;
    throw e;
  }
  throw new Error('not rejected');
}

const remote = (engine: Engine) => engine.anomalies.list({ status: 'all', limit: 100 }).anomalies.filter((a) => a.type === 'remote_execution').map((a) => [a.entity_id, a.severity, a.description]);

describe('Windows Event Forwarding XML', () => {
  it('reads the OTRF PsExec set rendered as XML (one event a line, and one stream) into the same events and findings as its JSON', async () => {
    const dir = tempDir();
    const [json] = unzip(SET, dir);
    const records = readFileSync(json, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const lines = join(dir, 'forwarded-events.xml');
    writeFileSync(lines, `${records.map((r) => toXml(r)).join('\n')}\n`);
    const stream = join(dir, 'forwarded-stream.xml');
    writeFileSync(stream, `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${records.map((r) => toXml(r, '\n  ')).join('\n')}\n</Events>\n`);
    const engines = [openEngine(), openEngine(), openEngine()];
    try {
      const [a, b, c] = await Promise.all([json, lines, stream].map((f, i) => engines[i].ingest.ingestFile(f, { actor })));
      expect(a.format).toBe('windows_events');
      expect(b).toMatchObject({ format: 'windows_events', events: a.events, rejects: 0 });
      expect(c).toMatchObject({ format: 'windows_events', events: a.events, rejects: 0 });
      const expected = remote(engines[0]);
      expect(expected.length).toBeGreaterThan(0);
      expect(remote(engines[1])).toEqual(expected);
      expect(remote(engines[2])).toEqual(expected);
    } finally {
      for (const e of engines) e.close();
    }
  });

  it('maps one XML event with entities, qualifiers and an empty Data like its JSON twin; rejects XML that is no event', () => {
    const p = new WindowsEventParser();
    const ev = p.parse(`<Event xmlns='${NS}'><System><EventID Qualifiers='16384'>7045</EventID><TimeCreated SystemTime='2020-09-20T16:16:09.362Z'/><Channel>System</Channel><Computer>WORKSTATION6.theshire.local</Computer></System><EventData><Data Name='ServiceName'>Upd &amp; ater</Data><Data Name='ImagePath'>%COMSPEC% /C &quot;x&quot;</Data><Data Name='AccountName'/></EventData></Event>`);
    expect(ev).toBeInstanceOf(PipelineEvent);
    expect(ev).toMatchObject({ kind: 'service_install', service_name: 'Upd & ater', path: '%COMSPEC% /C "x"', user_id: undefined, event_code: 7045, host_name: 'workstation6.theshire.local', ts: Date.parse('2020-09-20T16:16:09.362Z') });
    expect(reason(() => p.parse(`<Event xmlns='${NS}'><System><EventID>4624</EventID>`))).toMatch(/^invalid XML: /);
    expect(reason(() => p.parse('<Other/>'))).toBe('not a Windows XML event: no <Event><System> element');
  });
});
