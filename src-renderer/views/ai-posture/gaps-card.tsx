// The enforcement coverage card (the spec's Policy Enforcement card): how many high-risk agent-tool pairs an
// enforcement rule covers, the uncovered ones ranked, and one click to cover them with the suggested policy
// (create_policy: audited, and held for approval when the caller's key requires it).
import type { GapScan } from '@shared/contract/operations/ai-enforcement-gaps';
import { Badge } from '../../components/badge';
import { label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { useAction } from '../../store/use-action';

export function GapsCard({ scan, onCovered }: { scan: GapScan; onCovered: () => void }) {
  const cover = useAction();
  const s = scan.summary;
  async function coverAll() {
    if (!scan.suggested_policy) return;
    if (await cover.run((api) => api.call('policy.create', scan.suggested_policy!))) onCovered();
  }
  return (
    <section className="panel" aria-label="Enforcement coverage" data-testid="ai-gaps">
      <h2 className="panel-title">Enforcement coverage</h2>
      <p data-testid="ai-gaps-summary">
        {s.coverage_pct === null ? 'No high-risk agent-tool pairs.' : `${s.coverage_pct}% covered: ${s.covered} of ${s.high_risk_pairs} high-risk agent-tool pairs have an enforcement rule; ${scan.total} gap${scan.total === 1 ? '' : 's'}.`}
      </p>
      {scan.gaps.length ? (
        <table className="ai-table">
          <caption className="sr-only">Uncovered high-risk agent-tool pairs, highest risk first</caption>
          <thead><tr><th>#</th><th>Risk</th><th>Agent</th><th>Tool</th><th>Legs</th><th>Suggested</th></tr></thead>
          <tbody>
            {scan.gaps.slice(0, 8).map((g) => (
              <tr key={`${g.agent_id}:${g.tool}`} title={g.why}>
                <td>{g.rank}</td>
                <td><Badge tone={g.risk === 'critical' ? 'danger' : 'warn'}>{label(g.risk)}</Badge></td>
                <td>{g.agent_name}</td>
                <td className="mono">{g.tool}</td>
                <td>{g.legs.map(label).join(', ')}</td>
                <td>{label(g.suggested_rule.action ?? 'block')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {scan.suggested_policy ? (
        <div className="triage-buttons">
          <button type="button" className="btn btn-primary" disabled={cover.busy} onClick={() => void coverAll()}>
            Cover {scan.gaps.length} gap{scan.gaps.length === 1 ? '' : 's'} with a policy
          </button>
          <span className="dim">{scan.suggested_policy.description}</span>
        </div>
      ) : null}
      {cover.error ? <ErrorNotice error={cover.error} compact /> : null}
    </section>
  );
}
