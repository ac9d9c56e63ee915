// Microsoft 365 unified audit log exports (the Purview CSV with its AuditData column, and JSON AuditData
// records) become Microsoft 365 Copilot sightings per user and app; other records are skipped and counted;
// the service is MEDIUM until approved; a file that is no export is refused naming the problem.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const FIX = join(__dirname, '../../fixtures/shadow-ai');
const ANALYST = { actor: { type: 'cli' as const, id: 'local' }, localFiles: true };
let engine: Engine;
afterEach(() => engine?.close());
const open = () => { engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(Date.parse('2026-05-22T00:00:00Z')), log: testLogger }); };

describe('Copilot audit log import', () => {
  it('imports CopilotInteraction records of the Purview CSV export per user and app', () => {
    open();
    const out = dispatch(engine, 'shadowai.importCopilot', { path: join(FIX, 'm365-audit.csv') }, ANALYST);
    expect(out).toEqual({ records: 4, copilot: 3, skipped: 1, users: 2, apps: { appchat: 1, bizchat: 1, Excel: 1 }, contexts: { docx: 1, xlsx: 1 } });
    const detail = dispatch(engine, 'shadowai.get', { service_id: 'microsoft-365-copilot' }, ANALYST);
    expect(detail.service).toMatchObject({ name: 'Microsoft 365 Copilot', audience: 'enterprise', risk: 'MEDIUM', users: 2, count: 3, sources: ['copilot'], first_seen: '2026-05-21T09:12:36.000Z' });
    expect(detail.users).toEqual(['alice@contoso.com', 'bob@contoso.com']);
    expect(detail.sightings.map((s) => [s.user_id, s.entity_id, s.example_host]).sort()).toEqual([
      ['alice@contoso.com', 'copilot:appchat', 'appchat (docx)'], ['alice@contoso.com', 'copilot:bizchat', 'bizchat'], ['bob@contoso.com', 'copilot:Excel', 'Excel (xlsx)'],
    ]);
    expect(dispatch(engine, 'shadowai.approve', { service_id: 'microsoft-365-copilot', owner: 'm365-admins' }, ANALYST).service.risk).toBe('LOW');
  });

  it('reads the JSON export the same way, and refuses a file that is no audit export', () => {
    open();
    expect(dispatch(engine, 'shadowai.importCopilot', { path: join(FIX, 'm365-audit.json') }, ANALYST)).toMatchObject({ records: 4, copilot: 3, skipped: 1, users: 2 });
    expect(() => dispatch(engine, 'shadowai.importCopilot', { path: join(FIX, 'zscaler-nss.csv') }, ANALYST)).toThrow(/needs the AuditData column/);
  });
});
