// A whole site (or fleet) falling silent is one collector outage, not one unexpected_offline per device;
// it resolves as soon as telemetry from the scope resumes, and a lone silent device is still its own case.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MIN, T0, harness, ofType, type Ev } from './harness';

const heartbeat = (id: string, from: number, to: number, every = MIN): Ev[] => {
  const out: Ev[] = [];
  for (let t = from; t < to; t += every) out.push({ ts: t, kind: 'heartbeat', entity_type: 'device', entity_id: id, device_id: id });
  return out;
};
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}_${i + 1}`);

describe('collector outage', () => {
  it('reports a silent site once, for the site, and resolves it when the site reports again', () => {
    const h = harness();
    const hq = ids('dev_hq', 6);
    const annex = ids('dev_annex', 6);
    for (const id of hq) h.device({ device_id: id, site: 'hq' });
    for (const id of annex) h.device({ device_id: id, site: 'annex' });
    const end = T0 + 8 * DAY;
    h.feed([...hq.flatMap((id) => heartbeat(id, T0, end)), ...annex.flatMap((id) => heartbeat(id, T0, end + 3 * HOUR))].sort((a, b) => a.ts - b.ts));
    const found = ofType(h, 'unexpected_offline');
    expect(found.map((a) => a.entity_id)).toEqual(['collector:site:hq']);
    expect(found[0]).toMatchObject({ severity: 'high', recommended_action: 'investigate', status: 'open' });
    expect(found[0].evidence).toMatchObject({ outage: 'site:hq', reporting_entities: 6, silent_entities: 6 });
    expect(found[0].description).toMatch(/^Collector outage: no telemetry from site hq for /);

    h.feed(heartbeat('dev_hq_3', end + 3 * HOUR, end + 3 * HOUR + 1));
    const after = ofType(h, 'unexpected_offline');
    expect(after.map((a) => [a.entity_id, a.status])).toEqual([['collector:site:hq', 'resolved']]);
    expect(after[0].status_reason).toMatch(/^telemetry resumed at .* \(dev_hq_3\)$/);
  });

  it('reports a fleet-wide silence on the live clock as one outage', () => {
    const h = harness();
    const fleet = ids('dev', 8);
    for (const id of fleet) h.device({ device_id: id });
    const end = T0 + 8 * DAY;
    h.feed(fleet.flatMap((id) => heartbeat(id, T0, end)).sort((a, b) => a.ts - b.ts));
    h.clock.set(end + 40 * MIN);
    const out = h.pipeline.tick();
    expect(out.anomalies.map((a) => [a.type, a.entity_id])).toEqual([['unexpected_offline', 'collector:fleet']]);
    expect(ofType(h, 'unexpected_offline')).toHaveLength(1);
  });

  it('still reports a lone silent device of a site that keeps reporting', () => {
    const h = harness();
    const site = ids('dev_site', 6);
    for (const id of site) h.device({ device_id: id, site: 'hq' });
    const end = T0 + 8 * DAY;
    const [quiet, ...rest] = site;
    h.feed([...heartbeat(quiet, T0, end), ...rest.flatMap((id) => heartbeat(id, T0, end + 3 * HOUR))].sort((a, b) => a.ts - b.ts));
    expect(ofType(h, 'unexpected_offline').map((a) => a.entity_id)).toEqual([quiet]);
  });
});
