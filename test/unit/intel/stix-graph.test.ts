// StixGraph.actorsOf: who is behind an indicator, one hop through what it indicates, whatever else points there.
import { describe, expect, it } from 'vitest';
import { StixGraph } from '../../../src-main/engine/intel/formats/stix-graph';

const rel = (id: string, source_ref: string, relationship_type: string, target_ref: string) => ({ type: 'relationship', id, source_ref, relationship_type, target_ref });

describe('StixGraph.actorsOf', () => {
  const objects = [
    { type: 'threat-actor', id: 'threat-actor--a', name: 'Actor A', aliases: ['Alias A', 'Actor A'] },
    { type: 'intrusion-set', id: 'intrusion-set--s', name: 'Set S' },
    { type: 'threat-actor', id: 'threat-actor--b', name: 'Actor B' },
    { type: 'threat-actor', id: 'threat-actor--c', name: 'Actor C' },
    { type: 'malware', id: 'malware--m', name: 'M', malware_types: ['backdoor'] },
    { type: 'tool', id: 'tool--t', name: 'T' },
    { type: 'campaign', id: 'campaign--k', name: 'Campaign K' },
    { type: 'indicator', id: 'indicator--direct' },
    { type: 'indicator', id: 'indicator--none' },
    rel('r1', 'indicator--direct', 'indicates', 'threat-actor--a'),
    rel('r2', 'threat-actor--b', 'uses', 'malware--m'), // counts: an actor uses the malware
    rel('r3', 'malware--m', 'attributed-to', 'intrusion-set--s'), // counts: the malware attributed to a set
    rel('r4', 'malware--m', 'uses', 'threat-actor--c'), // does not: the malware is the one using (out edge)
    rel('r5', 'intrusion-set--s', 'attributed-to', 'tool--t'), // a non-actor reached: ignored
    rel('r6', 'campaign--k', 'attributed-to', 'threat-actor--a'),
    rel('r7', 'indicator--none', 'related-to', 'threat-actor--a'), // not 'indicates': no attribution
  ];
  // Many indicators of one malware and one campaign, as a bundle of one campaign has them.
  for (let i = 0; i < 300; i++) {
    objects.push({ type: 'indicator', id: `indicator--${i}` });
    objects.push(rel(`rm${i}`, `indicator--${i}`, 'indicates', 'malware--m'));
    if (i % 2 === 0) objects.push(rel(`rk${i}`, `indicator--${i}`, 'indicates', 'campaign--k'));
  }
  const g = new StixGraph(objects);

  it('an actor indicated directly, with its aliases once each', () => {
    expect(g.actorsOf('indicator--direct')).toEqual(['Actor A', 'Alias A']);
  });

  it('through a malware: the actor that uses it and the set it is attributed to, in relationship order; not what it uses', () => {
    expect(g.actorsOf('indicator--1')).toEqual(['Actor B', 'Set S']);
    expect(g.actorsOf('indicator--299')).toEqual(['Actor B', 'Set S']);
  });

  it('through a campaign: the actor it is attributed to, then the campaign itself', () => {
    expect(g.actorsOf('indicator--0')).toEqual(['Actor B', 'Set S', 'Actor A', 'Alias A', 'Campaign K']);
  });

  it('an attributed-to edge counts in either direction; a relationship other than indicates gives nothing', () => {
    const h = new StixGraph([
      { type: 'threat-actor', id: 'threat-actor--x', name: 'X' },
      { type: 'intrusion-set', id: 'intrusion-set--y', name: 'Y' },
      { type: 'indicator', id: 'indicator--1' },
      rel('r1', 'indicator--1', 'indicates', 'threat-actor--x'),
      rel('r2', 'intrusion-set--y', 'attributed-to', 'threat-actor--x'),
    ]);
    expect(h.actorsOf('indicator--1')).toEqual(['X', 'Y']);
    expect(g.actorsOf('indicator--none')).toEqual([]);
  });

  it('malwareTypesOf still reads what the indicator indicates', () => {
    expect(g.malwareTypesOf('indicator--5')).toEqual(['backdoor']);
  });
});
