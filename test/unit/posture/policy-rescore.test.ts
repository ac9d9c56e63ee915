// Which policy events rescore the whole fleet. Stored posture rows depend on the operator's own policies
// only (coverage), so a block, an isolation or an allow (an analyst's everyday actions, possibly dozens
// during an ingest) must not start a full rescore, while creating, changing or disabling an operator
// policy must. A full rescore is seen as its audit entry (action posture.recompute_all).
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine/engine';
import { FLUSH_DELAY_MS } from '../../../src-main/engine/posture/update-queue';
import { addHealthyDevice, openEngine } from './fixtures';

const analyst = { type: 'analyst', id: 'local', name: 'test' } as const;

const fullRescores = (engine: Engine) => engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'posture.recompute_all'").pluck().get() as number;
/** The stored row's factor names (the row, not a live assessment: nothing is pending once the queue has flushed). */
const storedFactors = (engine: Engine, id: string) => (JSON.parse(engine.db.prepare("SELECT factors FROM posture WHERE entity_type = 'device' AND entity_id = ?").pluck().get(id) as string) as { factor: string }[]).map((f) => f.factor);

describe('policy events and the stored posture', () => {
  it('a block, an allow and an isolation leave the fleet alone; an operator policy rescores everything', async () => {
    const { engine, clock } = openEngine();
    for (const id of ['cam', 'ws', 'nas']) addHealthyDevice(engine, id);
    engine.posture.recomputeAll();
    const before = fullRescores(engine);

    engine.policy.blockDestination({ destination: '203.0.113.9', reason: 'c2' }, analyst);
    engine.policy.allowDestination({ destination: '198.51.100.7', scope: 'device', scope_id: 'cam', reason: 'vendor' }, analyst);
    engine.policy.isolateDevice({ device_id: 'ws', reason: 'lateral movement', notify: false }, analyst);
    await Promise.resolve(); // in-process subscribers are woken in a microtask after the commit
    clock.advance(FLUSH_DELAY_MS * 4);
    expect(fullRescores(engine)).toBe(before);

    engine.policy.create({ name: 'ws only', rules: [{ identity_type: 'device', identity_id: 'ws', action: 'monitor' }], enabled: true }, analyst);
    await Promise.resolve();
    clock.advance(FLUSH_DELAY_MS * 4);
    expect(fullRescores(engine)).toBe(before + 1);
    // The rescore stored the coverage gap of every device the new policy does not cover.
    expect(storedFactors(engine, 'cam')).toContain('no_active_policy');
    expect(storedFactors(engine, 'ws')).not.toContain('no_active_policy');
    engine.close();
  });
});
