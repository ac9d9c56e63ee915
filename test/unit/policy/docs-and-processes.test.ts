// docs/policy-model.md keeps up with the code (every tool, change, kind and decision named), and a
// policy written by another process (a CLI, the MCP server) reaches this one's decisions and ingest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations } from '@shared/contract/index';
import { ACCESS_DECISIONS, POLICY_CHANGES, POLICY_KINDS } from '@shared/contract/operations/policy-schemas';
import { deviceRecordSchema } from '@shared/domain/inventory';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { tempDir } from '../ingest/helpers';
import { call, count, T0 } from './helpers';

const doc = readFileSync(new URL('../../../docs/policy-model.md', import.meta.url), 'utf8');

describe('policy documentation', () => {
  it('names every policy tool, change, kind and decision', () => {
    const tools = Object.values(operations).filter((op) => op.name.startsWith('policy.')).map((op) => ('mcp' in op && op.mcp ? op.mcp.tool : op.name));
    expect(tools.length).toBeGreaterThanOrEqual(11);
    for (const t of tools) expect(doc, t).toContain(t);
    for (const c of POLICY_CHANGES) expect(doc, c).toContain(`\`${c}\``);
    for (const k of POLICY_KINDS) expect(doc, k).toContain(`\`${k}\``);
    for (const d of ACCESS_DECISIONS) expect(doc, d).toContain(`\`${d}\``);
  });
});

describe('policy changes across processes', () => {
  it('a block written through another connection reaches this engine\'s evaluation and ingest', () => {
    const dir = tempDir('tm-policy-xp-');
    const clock = new ManualClock(T0);
    const a = Engine.open({ dataDir: dir, clock, log: testLogger });
    const b = Engine.open({ dataDir: dir, clock, log: testLogger });
    try {
      a.db.transaction(() => a.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'dev_a', device_type: 'workstation', ip_addresses: ['10.0.9.9'] })))();
      b.inventory.reloadAttribution();
      const ask = () => call(a, 'policy.evaluateAccess', { identity_type: 'device', identity_id: 'dev_a', destination: '198.51.100.7' }).decision;
      expect(ask()).toBe('allow'); // a's index is built now, empty
      const id = call(b, 'policy.blockDestination', { destination: '198.51.100.0/24' }).policy_id;
      expect(ask()).toBe('block');
      a.ingest.ingestEvents([{ ts: T0 + 1000, kind: 'flow', src_ip: '10.0.9.9', dst_ip: '198.51.100.7', dst_port: 443, proto: 'tcp' }], { actor: { type: 'cli', id: 't' }, sourceKey: 'xp', label: 'xp' });
      expect(count(a, 'SELECT COUNT(*) FROM policy_violations WHERE policy_id = ?', id)).toBe(1);
      expect(a.intel.lookup('198.51.100.7').block_policy_id).toBe(id);
      call(b, 'policy.update', { policy_id: id, enabled: false });
      expect(ask()).toBe('allow');
    } finally {
      a.close();
      b.close();
    }
  });
});
