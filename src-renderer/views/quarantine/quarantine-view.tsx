// Quarantine paths: what an isolated device may still reach. The configured management paths (fleet
// default, per device type, per device) with who set them, the enforcement point, a form to set or clear
// one (the engine refuses a flagged destination and says why), and a check of what isolating a device
// would apply now.
import { useState } from 'react';
import type { ManagementPath } from '@shared/contract/operations/policy-management-paths';
import { ApiError } from '../../api/index';
import { DataTable } from '../../components/data-table';
import { fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { EffectivePathCheck } from './effective-path-check';
import { ManagementPathForm } from './management-path-form';
import '../incidents/incidents.css';
import './quarantine.css';

const scopeLabel = (p: ManagementPath) => (p.scope === 'fleet' ? 'Fleet default' : p.scope === 'device_type' ? `Type: ${label(p.scope_id ?? '')}` : `Device: ${p.scope_id}`);

export function QuarantineView() {
  const paths = useOpQuery('policy.managementPaths', 'policy.managementPaths', {});
  const [clearError, setClearError] = useState<ApiError | null>(null);

  async function clear(p: ManagementPath) {
    setClearError(null);
    try {
      await useStore.getState().api!.call('policy.setManagementPath', { scope: p.scope, scope_id: p.scope_id ?? undefined, clear: true, reason: 'cleared from the console' });
      paths.reload();
    } catch (err) {
      setClearError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    }
  }

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Quarantine paths" subtitle="What an isolated device may still reach: explicit management paths, never taken from traffic" updatedAt={paths.updatedAt} onRefresh={paths.reload} busy={paths.status === 'loading'} />
      <section className="panel" aria-labelledby="paths-title">
        <h2 id="paths-title" className="panel-title">Management paths</h2>
        <p className="dim quarantine-note">
          The most specific list applies: the device&apos;s own, else its type&apos;s, else the fleet default. The enforcement point always stays reachable;
          with no list, it is all that does. Destinations threat intel rates malicious or suspicious, or that an open anomaly of the device names, are never on a path.
        </p>
        {paths.error ? <ErrorNotice error={paths.error} onRetry={paths.reload} /> : null}
        {clearError ? <ErrorNotice error={clearError} compact /> : null}
        {!paths.data ? (paths.status !== 'error' ? <Loading what="management paths" /> : null) : (
          <>
            <div className="totals" data-testid="enforcement-point">
              <span>Enforcement point:</span>
              <span className="mono">{paths.data.enforcement_point.join(', ') || 'none (no enforcement endpoint with a network host)'}</span>
            </div>
            {paths.data.paths.length === 0 ? (
              <EmptyState title="No management path configured">A quarantined device reaches only the enforcement point. Set a fleet default or an override below.</EmptyState>
            ) : (
              <DataTable<ManagementPath>
                caption="Configured management paths"
                rows={paths.data.paths}
                rowKey={(p) => `${p.scope}:${p.scope_id ?? ''}`}
                columns={[
                  { key: 'scope', header: 'Applies to', render: scopeLabel },
                  { key: 'dest', header: 'Destinations', kind: 'mono', max: 'lg', render: (p) => <span title={p.destinations.join('\n')}>{p.destinations.join(', ') || 'enforcement point only'}</span> },
                  { key: 'by', header: 'Set by', render: (p) => `${p.updated_by.type} ${p.updated_by.id}` },
                  { key: 'at', header: 'Set', render: (p) => (p.updated_at ? fmtTime(p.updated_at) : '—') },
                  { key: 'clear', header: '', render: (p) => <button type="button" className="btn btn-small" aria-label={`Clear ${scopeLabel(p)}`} onClick={(e) => { e.stopPropagation(); void clear(p); }}>Clear</button> },
                ]}
              />
            )}
          </>
        )}
      </section>
      <div className="panels quarantine-panels">
        <ManagementPathForm onSaved={paths.reload} />
        <EffectivePathCheck />
      </div>
    </section>
  );
}
