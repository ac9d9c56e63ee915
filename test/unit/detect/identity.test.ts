// Identity detectors: auth_bruteforce (guessing and spraying), impossible_travel, new_device_login.
import { describe, expect, it } from 'vitest';
import { countryDistanceKm } from '../../../src-main/engine/detect/country-centroids';
import { DAY, HOUR, MIN, T0, harness, ofType, type Ev } from './harness';

const login = (user: string, ts: number, extra: Partial<Ev> = {}): Ev => ({ ts, kind: 'auth', user_id: user, outcome: 'success', method: 'password', src_ip: '10.1.0.10', entity_type: 'user', entity_id: user, ...extra });

describe('auth bruteforce', () => {
  it('reports 12 failures within minutes as high, and a success right after as critical with suspend_user', () => {
    const h = harness();
    const fails = Array.from({ length: 12 }, (_, i) => login('sarah.k@acmecorp.com', T0 + i * 20_000, { outcome: 'failure', src_ip: '203.0.113.50' }));
    h.feed(fails);
    let [a] = ofType(h, 'auth_bruteforce');
    expect(a).toMatchObject({ entity_type: 'user', entity_id: 'sarah.k@acmecorp.com', severity: 'high', recommended_action: 'investigate' });
    expect(a.description).toBe('User sarah.k@acmecorp.com had 12 failed logins within 4 min from 203.0.113.50');
    h.feed([login('sarah.k@acmecorp.com', T0 + 5 * MIN, { src_ip: '203.0.113.50' })]);
    [a] = ofType(h, 'auth_bruteforce');
    expect(a).toMatchObject({ severity: 'critical', recommended_action: 'suspend_user', occurrences: 2 });
    expect(a.description).toBe('User sarah.k@acmecorp.com had 12 failed logins within 4 min from 203.0.113.50, then a successful login from 203.0.113.50');
  });

  it('leaves a few typos alone and reports spraying across many users from one source', () => {
    const h = harness();
    h.feed(Array.from({ length: 4 }, (_, i) => login('bob@acmecorp.com', T0 + i * MIN, { outcome: 'failure' })));
    expect(ofType(h, 'auth_bruteforce')).toHaveLength(0);
    h.feed(Array.from({ length: 9 }, (_, i) => login(`user${i}@acmecorp.com`, T0 + HOUR + i * 10_000, { outcome: 'failure', src_ip: '198.51.100.23' })));
    const [a] = ofType(h, 'auth_bruteforce');
    expect(a.description).toBe('Source 198.51.100.23 failed logins for 9 different users within 10 min (password spraying)');
    expect(a).toMatchObject({ recommended_action: 'block_destination', observed_destinations: ['198.51.100.23'] });
  });
});

describe('impossible travel', () => {
  it('knows the rough distances between countries', () => {
    expect(countryDistanceKm('US', 'RU')).toBeGreaterThan(7000);
    expect(countryDistanceKm('GB', 'DE')).toBeLessThan(1200);
    expect(countryDistanceKm('US', 'XX')).toBeNull();
  });

  it('reports a login from Russia an hour after one from the United States, not a flight-length gap or a neighbour', () => {
    const h = harness();
    h.feed([login('ana@acmecorp.com', T0, { country: 'US' }), login('ana@acmecorp.com', T0 + HOUR, { country: 'RU', src_ip: '95.173.136.70' })]);
    const [a] = ofType(h, 'impossible_travel');
    expect(a).toMatchObject({ entity_type: 'user', entity_id: 'ana@acmecorp.com', recommended_action: 'suspend_user', severity: 'high' });
    expect(a.description).toMatch(/^User ana@acmecorp\.com logged in from RU 60 min after a login from US \([\d,]+ km apart, [\d,]+ km\/h\)$/);
    h.feed([login('leo@acmecorp.com', T0, { country: 'US' }), login('leo@acmecorp.com', T0 + 10 * HOUR, { country: 'GB' })]);
    h.feed([login('eva@acmecorp.com', T0, { country: 'DE' }), login('eva@acmecorp.com', T0 + 2 * HOUR, { country: 'NL' })]);
    h.feed([login('ian@acmecorp.com', T0, { country: 'US' }), login('ian@acmecorp.com', T0 + MIN, { country: 'RU', outcome: 'failure' })]);
    expect(ofType(h, 'impossible_travel')).toHaveLength(1);
  });
});

describe('new device login', () => {
  it('reports a login on an unfamiliar device after the learning period, once per device', () => {
    const h = harness();
    h.device({ device_id: 'dev_kiosk', device_type: 'workstation' });
    const usual: Ev[] = [];
    for (let d = 0; d < 9; d++) usual.push(login('mia@acmecorp.com', T0 + d * DAY, { device_id: d % 2 ? 'dev_mia_laptop' : 'dev_mia_ws' }));
    // Early in the learning period a new device is just learned.
    usual.push(login('mia@acmecorp.com', T0 + DAY + HOUR, { device_id: 'dev_mia_phone' }));
    h.feed(usual);
    expect(ofType(h, 'new_device_login')).toHaveLength(0);
    h.feed([login('mia@acmecorp.com', T0 + 9 * DAY, { device_id: 'dev_kiosk' }), login('mia@acmecorp.com', T0 + 9 * DAY + HOUR, { device_id: 'dev_unknown_77' })]);
    const found = ofType(h, 'new_device_login').sort((a, b) => a.detected_at.localeCompare(b.detected_at));
    expect(found.map((a) => [a.severity, a.description])).toEqual([
      ['medium', 'User mia@acmecorp.com logged in on dev_kiosk (workstation), not among their 3 usual devices (dev_mia_ws, dev_mia_laptop, dev_mia_phone)'],
      ['high', 'User mia@acmecorp.com logged in on dev_unknown_77, a device the inventory does not know, not among their 4 usual devices (dev_mia_ws, dev_mia_laptop, dev_mia_phone, …)'],
    ]);
    h.feed([login('mia@acmecorp.com', T0 + 9 * DAY + 2 * HOUR, { device_id: 'dev_kiosk' })]);
    expect(ofType(h, 'new_device_login')).toHaveLength(2);
  });
});
