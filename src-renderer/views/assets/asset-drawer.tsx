// One AI asset: what the registry records, and for an agent its last 24 hours (runs, model and tool calls,
// tokens, errors, what it dropped) and most recent activity; retire it with a reason. Reloads live.
import { useState, type ReactNode } from 'react';
import type { AgentEvent } from '@shared/contract/operations/agent-activity';
import type { Asset } from '@shared/contract/operations/assets-schemas';
import { ApiError } from '../../api/index';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { Drawer, Fields } from '../../components/drawer';
import { fmtAgo, fmtInt, fmtTime, label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { assetStatusTone, outcomeTone } from '../../components/tones';
import { useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { useLiveReload } from '../../store/use-live';

const RECENT = 25;

const eventColumns: Column<AgentEvent>[] = [
  { key: 'ts', header: 'Time', render: (e) => <span title={e.ts}>{fmtTime(e.ts)}</span> },
  { key: 'type', header: 'Event', render: (e) => label(e.type) },
  { key: 'what', header: 'What', max: 'md', kind: 'mono', render: (e) => (e.type === 'tool_call' ? `${e.server ? `${e.server}/` : ''}${e.tool ?? ''}` : e.type === 'llm_call' ? (e.model ?? '') : (e.run_id ?? '')) || '—' },
  { key: 'outcome', header: 'Outcome', render: (e) => (e.outcome ? <Badge tone={outcomeTone[e.outcome]}>{label(e.outcome)}</Badge> : e.error ?? '—') },
  { key: 'ms', header: 'Duration', render: (e) => (e.duration_ms === null ? '—' : `${Math.round(e.duration_ms)} ms`) },
];

function AgentActivity({ agentId }: { agentId: string }) {
  const q = useOpQuery(`agents.activity:${agentId}`, 'agents.activity', { agent_id: agentId, limit: RECENT });
  useLiveReload(['asset'], q.reload);
  if (q.error) return <ErrorNotice error={q.error} onRetry={q.reload} compact />;
  if (!q.data) return <p className="dim">Loading activity…</p>;
  const s = q.data.summary;
  return (
    <>
      <h3 className="drawer-section">Last 24 hours</h3>
      <Fields rows={[
        ['Runs', fmtInt(s.runs)],
        ['LLM calls', `${fmtInt(s.llm_calls)} (${fmtInt(s.input_tokens)} tokens in, ${fmtInt(s.output_tokens)} out)`],
        ['Tool calls', `${fmtInt(s.tool_calls)}, ${fmtInt(s.errors)} errors, ${fmtInt(s.blocked)} blocked`],
        ['Models', s.models.length ? s.models.map((m) => `${m.model} (${fmtInt(m.calls)})`).join(', ') : null],
        ['Dropped by the agent', s.dropped_reported ? `${fmtInt(s.dropped_reported)} events (its buffer was full or the server unreachable)` : null],
        ['Last event', s.last_event_at ? `${fmtTime(s.last_event_at)} (${fmtAgo(s.last_event_at)})` : 'none yet'],
      ]} />
      {s.tools.length ? (
        <ul className="ip-list" aria-label="Tools used">
          {s.tools.map((t) => (
            <li key={`${t.server ?? ''}/${t.tool}`}><span className="mono">{t.server ? `${t.server}/` : ''}{t.tool}</span> <span className="dim">{fmtInt(t.calls)} {t.calls === 1 ? 'call' : 'calls'}{t.errors ? `, ${fmtInt(t.errors)} errors` : ''}{t.blocked ? `, ${fmtInt(t.blocked)} blocked` : ''}</span></li>
          ))}
        </ul>
      ) : null}
      <h3 className="drawer-section">Recent activity</h3>
      {q.data.events.length ? <DataTable caption="Recent agent activity" columns={eventColumns} rows={q.data.events} rowKey={(e) => String(e.id)} /> : <p className="dim">No activity reported yet.</p>}
    </>
  );
}

function RetireForm({ assetId, onDone }: { assetId: string; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function retire() {
    setBusy(true);
    setError(null);
    try {
      await useStore.getState().api!.call('assets.retire', { asset_id: assetId, reason: reason.trim() });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="triage" aria-label="Retire asset" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) void retire(); }}>
      <label className="triage-label" htmlFor="asset-retire-reason">Retire: reason</label>
      <textarea id="asset-retire-reason" className="triage-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why it is taken out of service" maxLength={500} />
      <div className="triage-buttons">
        <button type="submit" className="btn" disabled={busy || !reason.trim()}>Retire</button>
        <span className="dim">It stays in the registry, marked retired; registering it again brings it back.</span>
      </div>
      {error ? <ErrorNotice error={error} compact /> : null}
    </form>
  );
}

type Row = [string, ReactNode];
const listOrNull = (xs: string[]) => (xs.length ? xs.join(', ') : null);
const agentRows = (a: Asset): Row[] => [
  ['Framework', a.framework], ['Models', listOrNull(a.models)], ['MCP servers', listOrNull(a.mcp_servers)],
  ['Tools', listOrNull(a.tools)], ['Data access', listOrNull(a.data_access)],
];
const serverRows = (a: Asset): Row[] => [
  ['Transport', a.transport ? label(a.transport) : null], ['Command', a.command ? <span className="mono">{a.command}</span> : null],
  ['URL', a.url ? <span className="mono">{a.url}</span> : null], ['Version', a.version], ['Publisher', a.publisher],
];

export function AssetDrawer({ assetId, onClose }: { assetId: string; onClose(): void }) {
  const q = useOpQuery(`assets.get:${assetId}`, 'assets.get', { asset_id: assetId });
  useLiveReload(['asset'], q.reload);
  const a = q.data?.asset;
  return (
    <Drawer title={a?.name ?? assetId} subtitle={<span className="mono">{assetId}</span>} onClose={onClose}>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} compact /> : null}
      {a ? (
        <>
          <div className="drawer-badges">
            <Badge tone={assetStatusTone[a.status]}>{label(a.status)}</Badge>
            <Badge tone="neutral">{a.kind === 'agent' ? 'Agent' : 'MCP server'}</Badge>
            {a.capture_contents ? <Badge tone="warn">Contents captured</Badge> : null}
          </div>
          <Fields rows={[
            ['Owner', a.owner],
            ['Environment', a.environment ? label(a.environment) : null],
            ['Description', a.description],
            ...(a.kind === 'agent' ? agentRows(a) : serverRows(a)),
            ['Registered', `${fmtTime(a.registered_at)} by ${a.registered_by.name ?? a.registered_by.id} (${a.registered_by.type})`],
            ['Last heartbeat', a.last_seen_at ? `${fmtTime(a.last_seen_at)} (${fmtAgo(a.last_seen_at)})` : 'never'],
            ['Retired', a.retired_at ? `${fmtTime(a.retired_at)}: ${a.retired_reason ?? ''}` : null],
          ]} />
          {a.kind === 'agent' ? <AgentActivity agentId={a.id} /> : null}
          {a.status !== 'retired' ? <RetireForm assetId={a.id} onDone={q.reload} /> : null}
        </>
      ) : null}
    </Drawer>
  );
}
