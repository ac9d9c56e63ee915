// docs/posture-model.md documents what the code does: every factor and check by name, every control of
// the control sets, and the default weights.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POSTURE_WEIGHTS } from '@shared/domain/bands';
import { CHECKS } from '../../../src-main/engine/compliance/checks';
import { CONTROL_SETS } from '../../../src-main/engine/compliance/control-sets';

const doc = readFileSync(new URL('../../../docs/posture-model.md', import.meta.url), 'utf8');
const postureDir = new URL('../../../src-main/engine/posture/', import.meta.url);

describe('posture model documentation', () => {
  it('names every factor the posture code can emit', () => {
    const source = readdirSync(postureDir).filter((f) => f.endsWith('-factors.ts')).map((f) => readFileSync(new URL(f, postureDir), 'utf8')).join('\n');
    const names = new Set([...source.matchAll(/factor: '([a-z_]+)'|f\('([a-z_]+)'/g)].map((m) => m[1] ?? m[2]));
    expect(names.size).toBeGreaterThanOrEqual(14);
    for (const n of names) expect(doc, n).toContain(`\`${n}\``);
  });

  it('names every check, every control and the default weights', () => {
    for (const c of Object.keys(CHECKS)) expect(doc, c).toContain(`\`${c}\``);
    for (const set of Object.values(CONTROL_SETS)) for (const c of set.controls) expect(doc, c.id).toContain(`| ${c.id} | ${c.title} |`);
    for (const [d, w] of Object.entries(DEFAULT_POSTURE_WEIGHTS)) expect(doc).toMatch(new RegExp(`\\| ${d} \\| ${w} \\|`));
  });
});
