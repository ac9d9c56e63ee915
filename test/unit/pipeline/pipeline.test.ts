// The continuous pipeline: afterBatch outcomes, attribution of raw sensor logs, direction of flows,
// configuration (defaults, validation, audited save) and the watermark.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECT_CONFIG, loadDetectConfig, parseDetectConfig, saveDetectConfig } from '../../../src-main/engine/detect/config';
import { DAY, T0, flow, harness, routine } from '../detect/harness';

describe('continuous pipeline', () => {
  it('tells afterBatch listeners which entities changed, the anomalies of the batch and the watermark', () => {
    const h = harness();
    h.feed([flow('dev_a', T0, '52.96.0.10', 443), { ts: T0 + 1000, kind: 'auth', user_id: 'sam@acmecorp.com', outcome: 'success', entity_type: 'device', entity_id: 'dev_a', device_id: 'dev_a' }]);
    expect(h.outcomes).toHaveLength(1);
    expect(h.outcomes[0]).toEqual({ dirty: [{ type: 'user', id: 'sam@acmecorp.com' }, { type: 'device', id: 'dev_a' }], anomalies: [], watermark: T0 + 1000 });
    h.feed(Array.from({ length: 12 }, (_, i) => flow('dev_a', T0 + 2000 + i, `10.7.0.${i}`, 445)));
    expect(h.outcomes[1].anomalies.map((a) => a.type)).toEqual(['lateral_movement_attempt']);
  });

  it('attributes raw sensor logs to the internal address, inbound flows to their destination, and ignores watermark outliers', () => {
    const h = harness();
    h.feed([
      { ts: T0, kind: 'flow', src_ip: '192.168.1.107', dst_ip: '66.63.168.35', dst_port: 5888, proto: 'tcp', bytes_out: 100 },
      { ts: T0 + 1, kind: 'flow', src_ip: '45.148.10.1', dst_ip: '192.168.1.129', dst_port: 1433, proto: 'tcp', bytes_out: 60 },
      { ts: T0 + 2, kind: 'flow', src_ip: '8.8.8.8', dst_ip: '1.1.1.1', dst_port: 53, proto: 'udp' },
      { ts: Date.UTC(2099, 0, 1), kind: 'flow', src_ip: '192.168.1.107', dst_ip: '66.63.168.35', dst_port: 5888, proto: 'tcp' },
    ]);
    expect(h.outcomes[0].dirty).toEqual([{ type: 'device', id: '192.168.1.107' }, { type: 'device', id: '192.168.1.129' }]);
    expect(h.pipeline.watermark).toBe(T0 + 2);
    const inbound = h.pipeline.baselines.peek('device', '192.168.1.129')!;
    expect(inbound.dests.size).toBe(0);
    expect(inbound.cur!.bytesIn).toBe(60);
    expect(h.pipeline.behavioralBaseline('192.168.1.107').known_destinations).toEqual(['66.63.168.35']);
  });

  it('treats a flow to an inventory device from elsewhere as inbound to it', () => {
    const h = harness();
    h.device({ device_id: 'dev_srv', ip_addresses: ['10.2.0.5'] });
    h.feed([{ ts: T0, kind: 'flow', entity_type: 'device', entity_id: 'dev_srv', src_ip: '10.9.9.9', dst_ip: '10.2.0.5', dst_port: 22, proto: 'tcp', bytes_out: 10, bytes_in: 20 }]);
    expect(h.pipeline.baselines.peek('device', 'dev_srv')!.dests.size).toBe(0);
  });

  it('can leave unattributed events out', () => {
    const h = harness({ attribute_unknown_hosts: false });
    h.feed([{ ts: T0, kind: 'flow', src_ip: '192.168.1.107', dst_ip: '66.63.168.35', dst_port: 5888, proto: 'tcp' }]);
    expect(h.pipeline.baselines.size).toBe(0);
  });

  it('learns as fast with small batches as with large ones (results do not depend on batching)', () => {
    const a = harness();
    const b = harness();
    const evs = routine('dev_a', [{ ip: '52.96.0.10', port: 443 }, { ip: '10.0.0.53', port: 53 }], T0, 8);
    a.feed(evs, 10_000);
    b.feed(evs, 97);
    expect(b.pipeline.behavioralBaseline('dev_a')).toEqual(a.pipeline.behavioralBaseline('dev_a'));
  });
});

describe('detect config', () => {
  it('has documented defaults, rejects bad values naming the field, and saves overrides with an audit entry', () => {
    expect(DEFAULT_DETECT_CONFIG.baseline.learning_days).toBe(7);
    expect(DEFAULT_DETECT_CONFIG.lateral).toMatchObject({ min_hosts: 10, window_s: 600 });
    expect(() => parseDetectConfig({ lateral: { min_hosts: 0 } })).toThrow(/^detect\.config\.lateral\.min_hosts: /);
    expect(() => parseDetectConfig({ c2: { max_cv: 'low' } })).toThrow(/detect\.config\.c2\.max_cv/);
    const h = harness();
    expect(loadDetectConfig(h.sql)).toEqual(DEFAULT_DETECT_CONFIG);
    const cfg = saveDetectConfig(h.sql, h.audit, { type: 'analyst', id: 'maria' }, { baseline: { learning_days: 3 } });
    expect(cfg.baseline.learning_days).toBe(3);
    expect(cfg.lateral.min_hosts).toBe(10);
    expect(loadDetectConfig(h.sql).baseline.learning_days).toBe(3);
    expect(h.db.prepare(`SELECT actor_id FROM audit_log WHERE action = 'detect.config.set'`).pluck().get()).toBe('maria');
    h.db.prepare(`UPDATE settings SET value = '{"baseline":{"learning_days":-1}}' WHERE key = 'detect.config'`).run();
    const warnings: string[] = [];
    expect(loadDetectConfig(h.sql, (m) => warnings.push(m))).toEqual(DEFAULT_DETECT_CONFIG);
    expect(warnings[0]).toMatch(/detect\.config\.baseline\.learning_days/);
  });

  it('a shorter learning period establishes baselines sooner', () => {
    const h = harness({ baseline: { learning_days: 2, min_active_hours: 12 } });
    h.feed(routine('dev_a', [{ ip: '52.96.0.10', port: 443 }], T0, 2.2));
    expect(h.pipeline.behavioralBaseline('dev_a').established_at).toBe(new Date(T0 + 2 * DAY).toISOString());
  });
});
