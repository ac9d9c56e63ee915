import { it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
const D = '/work/shared/data';
it('scratch', async () => {
  const clock = new ManualClock(Date.parse('2026-12-07T09:00:00Z'));
  const engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
  const a = { type: 'analyst' as const, id: 'local' };
  console.log(engine.vulns.importStack('technology,version,vendor,asset_count\nlangchain,0.0.171,LangChain Inc,2\nlangflow,1.2.0,,1\npostgresql,16.2,PostgreSQL,3\ntransformers,4.30.0,,1\nollama,0.1.30,,1\n', undefined, undefined, a).entries.map(e=>[e.technology,e.package,e.ecosystem,e.purl]));
  for (const p of [`${D}/vulnerabilities/cvelistV5`, `${D}/vulnerabilities/osv-pypa`, `${D}/cisa-kev/known_exploited_vulnerabilities.json`, `${D}/vulnerabilities/epss/epss_slice_kev_plus_ai_cves.csv`]) {
    const s = await engine.vulns.importFeed(p, {}, a);
    console.log(JSON.stringify({ ...s, rejected: s.rejected.slice(0, 3) }));
  }
  const l = engine.vulns.patches({ scope: 'stack' }, 50, 0);
  for (const p of l.patches) console.log(p.cve_id, p.priority, p.severity, p.sla.due, p.sla.basis, p.matches.map(m => `${m.technology} ${m.rule} ${m.range} ${m.confidence}`).join(' | '), JSON.stringify(p.breakdown.stack));
  console.log(l.total, JSON.stringify(engine.vulns.stats()));
  const all = engine.vulns.patches({ scope: 'ai', status: 'all' }, 100, 0);
  console.log(all.total, all.patches.map(p => `${p.cve_id}:${p.ai_reason}`).slice(0, 60).join('\n'));
  console.log(JSON.stringify(engine.vulns.show('CVE-2025-3248').patch, null, 1));
});
