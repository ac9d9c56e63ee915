// The published JSON Schema of mcp-scan results (docs/mcp-scan-result.schema.json) is the contract's zod
// schema, and a real scan result validates against it: consumers can rely on the documented shape.
import { readFileSync, writeFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mcpScanResultSchema } from '../../../src-shared/contract/operations/mcp-scan-schemas';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { silentLogger } from '../../../src-main/engine/log';

const FILE = new URL('../../../docs/mcp-scan-result.schema.json', import.meta.url).pathname;
const generated = () => ({ $id: 'https://threatmatic.local/schemas/mcp-scan-result.json', title: 'threatmatic mcp-scan result', ...z.toJSONSchema(mcpScanResultSchema, { io: 'output' }) });
let engine: Engine;
afterEach(() => engine?.close());

describe('mcp-scan result JSON Schema', () => {
  it('is the one the contract declares (regenerate with MCPSCAN_WRITE_SCHEMA=1)', () => {
    if (process.env.MCPSCAN_WRITE_SCHEMA === '1') writeFileSync(FILE, `${JSON.stringify(generated(), null, 2)}\n`);
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(generated());
  });

  it('validates a real scan of the Invariant poisoning tools', async () => {
    engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(Date.parse('2026-12-01T00:00:00Z')), log: silentLogger });
    const invariant = (await import('../../fixtures/mcpscan/invariant-examples.json')).default as { servers: { server: string; tools: unknown[] }[] };
    const result = dispatch(engine, 'mcpscan.scanListing', { name: 'direct', listing: { tools: invariant.servers[0].tools } }, { actor: { type: 'analyst', id: 'local' } });
    expect(result.servers[0].findings.length).toBeGreaterThan(0);
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(FILE, 'utf8')) as object);
    expect(validate(JSON.parse(JSON.stringify(result))), JSON.stringify(validate.errors)).toBe(true);
    // Vetting records nothing.
    expect(dispatch(engine, 'mcpscan.servers', {}, { actor: { type: 'analyst', id: 'local' } }).servers).toEqual([]);
  });
});
