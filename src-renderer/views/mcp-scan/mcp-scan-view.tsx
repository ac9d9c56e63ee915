// MCP scan: every scanned MCP server with its pin status, trust and schema stability; a server's findings
// with the matched text highlighted (React text, never HTML: the text is hostile by definition), its diff
// since approval, and the approve button (re-pin, audited by the engine). Scans run from the CLI.
import { useState } from 'react';
import type { McpServerResult } from '@shared/contract/operations/mcp-scan-schemas';
import { ApiError } from '../../api/index';
import { Badge } from '../../components/badge';
import { DataTable } from '../../components/data-table';
import { fmtTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import type { Tone } from '../../components/tones';
import { useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { McpServerDetail } from './mcp-server-detail';
import './mcp-scan.css';

const pinTone: Record<McpServerResult['pin']['status'], Tone> = { match: 'ok', unpinned: 'warn', changed: 'danger' };

function worst(s: McpServerResult): string {
  const order = ['critical', 'high', 'medium', 'low'] as const;
  const w = order.find((sev) => s.findings.some((f) => f.severity === sev));
  return w ? `${s.findings.length} (${w})` : '0';
}

export function McpScanView() {
  const servers = useOpQuery('mcpscan.servers', 'mcpscan.servers', {});
  const [selected, setSelected] = useState<string | null>(null);
  const [approveError, setApproveError] = useState<ApiError | null>(null);
  const current = servers.data?.servers.find((s) => s.server_key === selected) ?? null;

  async function approve(s: McpServerResult) {
    setApproveError(null);
    try {
      await useStore.getState().api!.call('mcpscan.approve', { server: s.server_key });
      servers.reload();
    } catch (err) {
      setApproveError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    }
  }

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="MCP scan" subtitle="MCP servers on this machine and in the registry: pinned listings, rug pulls, poisoned tools (scan with `threatmatic mcp-scan`)" updatedAt={servers.updatedAt} onRefresh={servers.reload} busy={servers.status === 'loading'} />
      {servers.error ? <ErrorNotice error={servers.error} onRetry={servers.reload} /> : null}
      {approveError ? <ErrorNotice error={approveError} compact /> : null}
      {!servers.data ? (servers.status !== 'error' ? <Loading what="MCP servers" /> : null) : servers.data.servers.length === 0 ? (
        <EmptyState title="No MCP server scanned yet">Run `threatmatic mcp-scan` to discover and scan the MCP servers configured on this machine.</EmptyState>
      ) : (
        <DataTable<McpServerResult>
          caption="Scanned MCP servers"
          rows={servers.data.servers}
          rowKey={(s) => s.server_key}
          selectedKey={selected}
          onOpen={(s) => setSelected(s.server_key)}
          columns={[
            { key: 'name', header: 'Server', render: (s) => s.name },
            { key: 'from', header: 'From', render: (s) => s.source.client },
            { key: 'launch', header: 'Command or URL', kind: 'mono', max: 'lg', render: (s) => <span title={s.command ?? s.url ?? ''}>{s.command ?? s.url ?? '—'}</span> },
            { key: 'status', header: 'Status', render: (s) => (s.status === 'ok' ? <Badge tone="ok">listed</Badge> : <Badge tone="danger" title={s.error ?? ''}>unreachable</Badge>) },
            { key: 'pin', header: 'Pin', render: (s) => <Badge tone={pinTone[s.pin.status]}>{s.pin.status}</Badge> },
            { key: 'trust', header: 'Trust', kind: 'num', render: (s) => <span title={s.trust.factors.map((f) => `${f.points > 0 ? '+' : ''}${f.points} ${f.why}`).join('\n')}>{s.trust.score}</span> },
            { key: 'stability', header: 'Stability', kind: 'num', render: (s) => s.schema_stability.toFixed(2) },
            { key: 'findings', header: 'Findings', kind: 'num', render: worst },
            { key: 'scanned', header: 'Scanned', render: (s) => fmtTime(s.scanned_at) },
            { key: 'approve', header: '', render: (s) => (s.status === 'ok' && s.pin.status !== 'match'
              ? <button type="button" className="btn btn-small" aria-label={`Approve ${s.name}`} onClick={(e) => { e.stopPropagation(); void approve(s); }}>Approve</button> : null) },
          ]}
        />
      )}
      {current ? <McpServerDetail server={current} /> : null}
    </section>
  );
}
