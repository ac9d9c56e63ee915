// Archives a user has: the OTRF zips ingested as they are published (every log inside, one source
// each, named archive!member), gzip opened transparently, and recognized formats ingest cannot read
// refused with a message naming the format and the closest one it reads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { actor, openEngine, securityLogs, tempDir, unzip } from './helpers';

const LSASS_01 = join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip');
const COPY_SMB = join(securityLogs, 'otrf-security-datasets/atomic/windows/lateral_movement/host/covenant_copy_smb_CreateRequest.zip');

describe('archives', () => {
  it('ingests every log of the OTRF LSASS campaign 01 zip as it is published, and the anomalies its C2 leaves', async () => {
    const engine = openEngine();
    try {
      const s = await engine.ingest.ingestFile(LSASS_01, { actor });
      expect(s).toMatchObject({ file: LSASS_01, status: 'ingested', rejects: 0 });
      expect(s.notes[0]).toBe('zip archive: 12 files inside, 12 ingested');
      expect(s.notes).toContain(`${LSASS_01}!conn.log: zeek_tsv, ingested, 112 events`);
      expect(engine.ingest.listSources({ limit: 50, offset: 0 }).total).toBe(12);
      const types = new Set(engine.anomalies.list({ status: 'all', limit: 50 }).anomalies.map((a) => a.type));
      expect(types).toEqual(new Set(['c2_beaconing', 'executable_download', 'untrusted_certificate']));
      // The same archive again adds nothing.
      expect(await engine.ingest.ingestFile(LSASS_01, { actor })).toMatchObject({ status: 'already_ingested', events: 0 });
    } finally {
      engine.close();
    }
  });

  it('opens a gzip file (a Windows host log) and a zip holding one, with the same result', async () => {
    const [json] = unzip(COPY_SMB, tempDir());
    const gz = join(tempDir(), 'copy_smb.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(json)));
    const a = openEngine();
    const b = openEngine();
    try {
      const viaGzip = await a.ingest.ingestFile(gz, { actor });
      const viaZip = await b.ingest.ingestFile(COPY_SMB, { actor });
      expect(viaGzip).toMatchObject({ format: 'windows_events', status: 'ingested' });
      expect(viaGzip.events).toBeGreaterThan(100);
      expect(viaZip).toMatchObject({ format: 'windows_events', events: viaGzip.events });
      expect(a.anomalies.list({ status: 'all', limit: 10 }).anomalies.map((x) => x.type)).toEqual(['remote_execution']);
    } finally {
      a.close();
      b.close();
    }
  });

  it.each([
    ['7z', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), /this is a 7-Zip archive, which ingest does not read: unpack it, or pack the logs as zip or gzip/],
    ['pcap', Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]), /this is a packet capture \(pcap\/pcapng\), which ingest does not read: run Zeek or Suricata on it/],
    ['evtx', Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(64)]), /this is a binary Windows event log \(EVTX\), which ingest does not read: convert it with evtx_dump -o jsonl/],
  ])('refuses a %s file naming the format and what to do', async (name, bytes, message) => {
    const engine = openEngine();
    try {
      const file = join(tempDir(), `capture.${name}`);
      writeFileSync(file, bytes);
      await expect(engine.ingest.ingestFile(file, { actor })).rejects.toThrow(message);
    } finally {
      engine.close();
    }
  });

  it('names the archive when its only file is of an unknown format', async () => {
    const engine = openEngine();
    try {
      const gz = join(tempDir(), 'notes.txt.gz');
      writeFileSync(gz, gzipSync('hello\n'));
      await expect(engine.ingest.ingestFile(gz, { actor })).rejects.toThrow(/notes\.txt\.gz!notes\.txt: unknown telemetry format \(first line: 'hello'\)/);
    } finally {
      engine.close();
    }
  });
});
