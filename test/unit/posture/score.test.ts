// The score model: factors explain the dimensions, weighted dimensions make the score, bands sit at
// the spec's boundaries, and weights are validated.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POSTURE_WEIGHTS, riskOf, scoreBand } from '@shared/domain/bands';
import { UserError } from '../../../src-main/engine/errors';
import { assess, dimensionScores, weightedScore } from '../../../src-main/engine/posture/factor';
import { validatePostureWeights } from '../../../src-main/engine/posture/weights';
import { addAnomaly, addBaseline, addDevice, addHealthyDevice, addIntelHit, addViolation, device, HOUR, openEngine } from './fixtures';

describe('score model', () => {
  it('scores a device with known findings: each factor with its points, the four dimensions, the score, most costly first', () => {
    const { engine } = openEngine();
    addDevice(engine, 'ws', { trust_level: 'unverified', firmware_status: 'outdated' });
    // Not an active compromise (see the cap test below): the weighted model alone decides.
    addAnomaly(engine, 'ws', { type: 'possible_exfiltration', severity: 'high', detected_at: engine.clock.now() - 5 * HOUR });
    addViolation(engine, 'ws', 'pol_x');
    addIntelHit(engine, 'ws', '185.234.47.21');
    engine.posture.recompute([device('ws')]);
    const p = engine.posture.device('ws');
    // Ordered by what each costs the score (points × the dimension's weight): −12, −10.5, −6, −3.75, −3.75, −2.5, −1.5.
    expect(p.factors.map((f) => [f.factor, f.dimension, f.points])).toEqual([
      ['identity_unverified', 'identity', -40],
      ['possible_exfiltration', 'behavior', -35],
      ['ioc_contact', 'threat', -40],
      ['firmware_outdated', 'threat', -25],
      ['unenforced_recommendation', 'policy', -15],
      ['policy_violation', 'policy', -10],
      ['baseline_not_established', 'behavior', -5],
    ]);
    // The spec's weights (identity 30%, behavior 30%, policy 25%, threat 15%) on 60, 60, 75 and 35: 18 + 18 + 18.75 + 5.25.
    expect(p.dimensions).toEqual({
      identity: { score: 60, weight: 30 },
      behavior: { score: 60, weight: 30 },
      policy: { score: 75, weight: 25 },
      threat: { score: 35, weight: 15 },
    });
    expect([p.score, p.risk_score, p.band, p.score_cap]).toEqual([60, 40, 'moderate', null]);
    expect(p.risk_factors).toEqual(p.factors.map((f) => f.factor));
    engine.close();
  });

  it('keeps the default weights of the spec: identity 30, behavior 30, policy 25, threat 15', () => {
    expect(DEFAULT_POSTURE_WEIGHTS).toEqual({ identity: 30, behavior: 30, policy: 25, threat: 15 });
  });

  it('properties: no factor gives 100, any factors stay within 0–100, and one more penalty never raises the score', () => {
    const dims = ['identity', 'behavior', 'policy', 'threat'] as const;
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    expect(assess([], DEFAULT_POSTURE_WEIGHTS).score).toBe(100);
    for (let round = 0; round < 200; round++) {
      const factors = Array.from({ length: Math.floor(next() * 8) }, (_, i) => ({ dimension: dims[Math.floor(next() * 4)], factor: `f${i}`, points: -Math.round(next() * 60), why: '' }));
      const before = assess(factors, DEFAULT_POSTURE_WEIGHTS).score;
      expect(before).toBeGreaterThanOrEqual(0);
      expect(before).toBeLessThanOrEqual(100);
      const worse = assess([...factors, { dimension: dims[round % 4], factor: 'extra', points: -10, why: '' }], DEFAULT_POSTURE_WEIGHTS).score;
      expect(worse).toBeLessThanOrEqual(before);
    }
  });

  it('floors a dimension at 0 however many factors pile up', () => {
    const dims = dimensionScores([
      { dimension: 'behavior', factor: 'a', points: -60, why: '' },
      { dimension: 'behavior', factor: 'b', points: -60, why: '' },
    ]);
    expect(dims).toEqual({ identity: 100, behavior: 0, policy: 100, threat: 100 });
    expect(weightedScore(dims, DEFAULT_POSTURE_WEIGHTS)).toBe(70);
    expect(assess([], DEFAULT_POSTURE_WEIGHTS).score).toBe(100);
  });

  it('bands: 0–40 high risk, 41–70 moderate, 71–100 healthy', () => {
    expect([0, 40, 41, 70, 71, 100].map(scoreBand)).toEqual(['high_risk', 'high_risk', 'moderate', 'moderate', 'healthy', 'healthy']);
    expect([40, 41, 70, 71].map(riskOf)).toEqual(['high', 'medium', 'medium', 'low']);
  });

  it('reports the band of the score at the boundaries 40/41 and 70/71 through the posture tools', () => {
    const { engine } = openEngine();
    // All weight on behavior: the score is the behavior dimension, tuned by the deviation score (−round(40 × deviation)).
    engine.posture.setWeights({ identity: 0, behavior: 100, policy: 0, threat: 0 }, { type: 'cli', id: 'test' });
    const craft = (id: string, deviation: number, anomaly: boolean) => {
      addDevice(engine, id);
      addBaseline(engine, id, { deviation });
      if (anomaly) addAnomaly(engine, id, { type: 'possible_exfiltration', severity: 'high' });
    };
    craft('d71', 0.725, false); // 100 − 29
    craft('d70', 0.75, false); // 100 − 30
    craft('d41', 0.6, true); // 100 − 35 − 24
    craft('d40', 0.625, true); // 100 − 35 − 25
    engine.posture.recomputeAll();
    const seen = ['d71', 'd70', 'd41', 'd40'].map((id) => engine.posture.device(id)).map((p) => [p.score, p.band, p.risk_score]);
    expect(seen).toEqual([[71, 'healthy', 29], [70, 'moderate', 30], [41, 'moderate', 59], [40, 'high_risk', 60]]);
    expect(engine.posture.fleet().devices_at_risk).toEqual([
      { device_id: 'd40', risk: 'high', reason: 'possible_exfiltration' },
      { device_id: 'd41', risk: 'medium', reason: 'possible_exfiltration' },
      { device_id: 'd70', risk: 'medium', reason: 'baseline_deviation' },
    ]);
    engine.close();
  });
});

describe('active compromise', () => {
  it('holds a device with a high-confidence C2 channel or lateral movement in the high-risk band, whatever the severity', () => {
    const { engine } = openEngine();
    for (const id of ['c2', 'lm', 'weak', 'exfil']) addHealthyDevice(engine, id);
    const c2 = addAnomaly(engine, 'c2', { type: 'c2_beaconing', severity: 'medium' });
    addAnomaly(engine, 'lm', { type: 'lateral_movement_attempt', severity: 'high' });
    const weak = addAnomaly(engine, 'weak', { type: 'c2_beaconing', severity: 'high' });
    engine.db.prepare('UPDATE anomalies SET confidence = 0.6 WHERE id = ?').run(weak);
    addAnomaly(engine, 'exfil', { type: 'possible_exfiltration', severity: 'high' });
    engine.posture.recomputeAll();
    const [pc2, plm, pweak, pexfil] = ['c2', 'lm', 'weak', 'exfil'].map((id) => engine.posture.device(id));
    expect([pc2.band, plm.band]).toEqual(['high_risk', 'high_risk']);
    expect(pc2.score_cap).toMatchObject({ limit: 40, factor: 'c2_beaconing', severity: 'medium', anomaly_id: c2 });
    expect(pc2.score_cap!.why).toMatch(/active compromise/);
    // Weak evidence (confidence 0.6) and other high findings keep the severity cap of 70.
    expect(pweak.score_cap?.limit ?? pweak.score).toBeGreaterThan(40);
    expect(pexfil.band).toBe('moderate');
    expect(pexfil.score_cap).toMatchObject({ limit: 70 });
    engine.close();
  });
});

describe('weights', () => {
  it('accepts four non-negative weights summing to 100', () => {
    expect(validatePostureWeights({ identity: 25, behavior: 25, policy: 25, threat: 25 })).toEqual({ identity: 25, behavior: 25, policy: 25, threat: 25 });
    expect(validatePostureWeights({ identity: 100, behavior: 0, policy: 0, threat: 0 }).identity).toBe(100);
  });

  it.each([
    [{ identity: 30, behavior: 30, policy: 25, threat: 10 }, 'weights must sum to 100, got 95'],
    [{ identity: 50, behavior: 30, policy: 25, threat: -5 }, "weight of 'threat' must be ≥ 0, got -5"],
    [{ identity: 30, behavior: 30, policy: 25 }, "missing weight for 'threat'"],
    [{ identity: 30, behavior: 30, policy: 25, threat: 15, luck: 0 }, "unknown dimension 'luck'"],
    [{ identity: '30', behavior: 30, policy: 25, threat: 15 }, "weight of 'identity' must be a number"],
    [[30, 30, 25, 15], 'must be an object'],
  ])('refuses %j with a clear error', (value, message) => {
    let err: unknown;
    try {
      validatePostureWeights(value);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('invalid_input');
    expect((err as Error).message).toContain('posture.weights');
    expect((err as Error).message).toContain(message);
  });

  it('rescoring with new weights changes the score, and is audited', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'cam', { trust_level: 'unverified' });
    expect(engine.posture.device('cam').score).toBe(88);
    engine.posture.setWeights({ identity: 50, behavior: 20, policy: 20, threat: 10 }, { type: 'analyst', id: 'ana' });
    expect(engine.posture.device('cam')).toMatchObject({ score: 80, dimensions: { identity: { score: 60, weight: 50 } } });
    const audit = engine.db.prepare("SELECT actor_id, params FROM audit_log WHERE action = 'posture.set_weights'").get() as { actor_id: string; params: string };
    expect(audit.actor_id).toBe('ana');
    expect(JSON.parse(audit.params).weights.identity).toBe(50);
    expect(() => engine.posture.setWeights({ identity: 50, behavior: 50, policy: 50, threat: 0 }, { type: 'analyst', id: 'ana' })).toThrow(/sum to 100, got 150/);
    expect(engine.posture.currentWeights.identity).toBe(50);
    engine.close();
  });

  it('falls back to the defaults, and says so, when the stored setting is invalid', () => {
    const logged: string[] = [];
    const log = { debug() {}, info() {}, warn() {}, error: (msg: string, f?: Record<string, unknown>) => logged.push(`${msg} ${JSON.stringify(f)}`) };
    const { engine } = openEngine(log);
    engine.db.prepare("INSERT INTO settings (key, value) VALUES ('posture.weights', ?)").run(JSON.stringify({ identity: 90, behavior: 30, policy: 25, threat: 15 }));
    addHealthyDevice(engine, 'cam');
    engine.posture.recomputeAll();
    expect(engine.posture.currentWeights).toEqual(DEFAULT_POSTURE_WEIGHTS);
    expect(logged.join('\n')).toContain('sum to 100, got 160');
    engine.close();
  });
});
