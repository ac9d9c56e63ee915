// One scanned MCP server: its findings (rule, severity, tool, JSON pointer, explanation, the matched text
// highlighted as plain text) and, when its listing changed since approval, the diff field by field.
import type { McpServerResult } from '@shared/contract/operations/mcp-scan-schemas';
import { Badge } from '../../components/badge';
import type { Tone } from '../../components/tones';

const sevTone: Record<string, Tone> = { critical: 'danger', high: 'danger', medium: 'warn', low: 'info' };
const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v, null, 1));

export function McpServerDetail({ server }: { server: McpServerResult }) {
  const d = server.diff;
  return (
    <div className="panels mcp-detail">
      <section className="panel" aria-labelledby="mcp-findings-title">
        <h2 id="mcp-findings-title" className="panel-title">Findings: {server.name}</h2>
        {server.error ? <p className="dim">Not judged: {server.error}</p> : null}
        {server.findings.length === 0 ? <p className="dim">No finding.</p> : (
          <ul className="mcp-findings">
            {server.findings.map((f, i) => (
              <li key={`${f.rule_id}:${f.pointer}:${i}`} data-testid="mcp-finding">
                <div><Badge tone={sevTone[f.severity]}>{f.severity}</Badge> <span className="mono">{f.rule_id}</span> {f.tool ? <span>on <b>{f.tool}</b></span> : null} <span className="mono dim">{f.pointer}</span></div>
                <p>{f.explanation}</p>
                {f.matched ? <pre className="mcp-matched"><mark>{f.matched}</mark></pre> : null}
                <p className="dim">{[...f.owasp_llm, ...f.atlas].join(' · ')}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="mcp-diff-title">
        <h2 id="mcp-diff-title" className="panel-title">Changes since approval</h2>
        {!d ? <p className="dim">{server.pin.status === 'unpinned' ? 'Not approved yet: approve to pin what it shows clients now.' : 'Unchanged since approval.'}</p> : (
          <table className="mcp-diff">
            <thead><tr><th>Change</th><th>Tool</th><th>Field</th><th>Before</th><th>After</th></tr></thead>
            <tbody>
              {d.added.map((t) => <tr key={`a:${t}`}><td>added</td><td>{t}</td><td /><td /><td /></tr>)}
              {d.removed.map((t) => <tr key={`r:${t}`}><td>removed</td><td>{t}</td><td /><td /><td /></tr>)}
              {d.renamed.map((r) => <tr key={`n:${r.from}`}><td>renamed</td><td>{r.to}</td><td>name</td><td>{r.from}</td><td>{r.to}</td></tr>)}
              {d.changed.flatMap((c) => c.changes.map((x) => (
                <tr key={`c:${c.tool}:${x.field}`}><td>changed</td><td>{c.tool}</td><td>{x.field}</td><td><pre>{show(x.before)}</pre></td><td><pre>{show(x.after)}</pre></td></tr>
              )))}
              {d.server_changes.map((x) => <tr key={`s:${x.field}`}><td>changed</td><td>(server)</td><td>{x.field}</td><td><pre>{show(x.before)}</pre></td><td><pre>{show(x.after)}</pre></td></tr>)}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
