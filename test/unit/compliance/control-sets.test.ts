// The documented control sets: ids and titles match the real framework libraries, every control has
// checks that exist, and framework states follow the documented rules.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src-main/engine/compliance/checks';
import { CONTROL_SETS, parseControlSet } from '../../../src-main/engine/compliance/control-sets';
import { frameworkState, worstStatus } from '../../../src-main/engine/compliance/evaluate';

const library = (file: string) => readFileSync(new URL(`../../../../shared/data/compliance-frameworks/ciso-assistant/${file}`, import.meta.url), 'utf8');

/** ref_id → name of the requirement nodes of a CISO Assistant library (a ref_id line followed by its name line). */
function requirementNames(yaml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of yaml.matchAll(/^\s+ref_id: (\S+)\n\s+name: (.+)$/gm)) out.set(m[1], m[2].trim());
  return out;
}

describe('control sets', () => {
  it('ISO/IEC 27001:2022 controls carry the Annex A ids and titles of the real library', () => {
    const names = requirementNames(library('iso27001-2022.yaml'));
    expect(names.size).toBeGreaterThan(90);
    const ids = CONTROL_SETS.iso_27001.controls.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['A.5.9', 'A.5.15', 'A.8.5', 'A.8.7', 'A.8.8', 'A.8.16', 'A.5.24', 'A.5.25', 'A.5.26', 'A.8.20', 'A.8.22']));
    for (const c of CONTROL_SETS.iso_27001.controls) expect(names.get(c.id), c.id).toBe(c.title);
  });

  it('NIST CSF 2.0 controls are the categories of the real library, under their function', () => {
    const yaml = library('nist-csf-2.0.yaml');
    const names = requirementNames(yaml);
    const refIds = new Set([...yaml.matchAll(/^\s+ref_id: (\S+)$/gm)].map((m) => m[1]));
    const functions = new Set<string>();
    for (const c of CONTROL_SETS.nist_csf.controls) {
      const [fn, title] = c.title.split(': ');
      const fnId = c.id.split('.')[0];
      functions.add(fnId);
      expect(names.get(fnId), c.id).toBe(fn);
      expect(names.get(c.id), c.id).toBe(title);
      for (const ref of c.references ?? []) expect(refIds.has(ref), ref).toBe(true);
    }
    expect([...functions].sort()).toEqual(['DE', 'GV', 'ID', 'PR', 'RC', 'RS']);
  });

  it('NIS2 covers Article 21(2) measures (a) to (j)', () => {
    expect(CONTROL_SETS.nis2.controls.map((c) => c.id)).toEqual('abcdefghij'.split('').map((l) => `21(2)(${l})`));
  });

  it('names only checks that exist, and says which one when not', () => {
    for (const set of Object.values(CONTROL_SETS)) for (const c of set.controls) for (const check of c.checks) expect(Object.hasOwn(CHECKS, check)).toBe(true);
    const bad = { framework: 'nis2', name: 'x', version: '1', controls: [{ id: 'X.1', title: 'x', key: true, checks: ['no_such_check'], rationale: 'r' }] };
    expect(() => parseControlSet(bad, 'bad.json')).toThrow("bad.json: control 'X.1' names unknown check 'no_such_check'");
    expect(() => parseControlSet({ ...bad, framework: 'sox' }, 'bad.json')).toThrow(/bad\.json: framework/);
  });
});

describe('framework state rules', () => {
  it('a control is its worst check; not_applicable only when all are', () => {
    expect(worstStatus(['pass', 'partial', 'not_applicable'])).toBe('partial');
    expect(worstStatus(['pass', 'fail'])).toBe('fail');
    expect(worstStatus(['not_applicable', 'not_applicable'])).toBe('not_applicable');
    expect(worstStatus(['not_applicable', 'pass'])).toBe('pass');
  });

  it('compliant when every applicable control passes; non_compliant on a failing key control; else partial', () => {
    expect(frameworkState([{ key: true, status: 'pass' }, { key: false, status: 'not_applicable' }])).toBe('compliant');
    expect(frameworkState([{ key: true, status: 'fail' }, { key: false, status: 'pass' }])).toBe('non_compliant');
    expect(frameworkState([{ key: false, status: 'fail' }, { key: true, status: 'pass' }])).toBe('partial');
    expect(frameworkState([{ key: true, status: 'partial' }])).toBe('partial');
    expect(frameworkState([{ key: true, status: 'not_applicable' }])).toBe('partial');
  });
});
