// Enforcement endpoints (signed webhooks each policy decision change is sent to) and their delivery log:
// add one with its signing secret (never shown again), remove one, see each delivery's status and error.
import { useState } from 'react';
import type { Delivery } from '@shared/contract/operations/policy-enforcement';
import type { OpOutput } from '@shared/contract/index';
import { DataTable } from '../../components/data-table';
import { fmtTime } from '../../components/format';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { useAction } from '../../store/use-action';
import { useOpQuery } from '../../store/use-op-query';

type Endpoint = OpOutput<'enforcement.endpoints'>['endpoints'][number];

export function EnforcementPanel() {
  const endpoints = useOpQuery('settings.endpoints', 'enforcement.endpoints', {});
  const deliveries = useOpQuery('settings.deliveries', 'enforcement.deliveries', { limit: 20 });
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const add = useAction();
  const remove = useAction();

  async function submit() {
    if (await add.run((api) => api.call('enforcement.addEndpoint', { url: url.trim(), secret }))) {
      setUrl('');
      setSecret('');
      endpoints.reload();
    }
  }

  async function removeEndpoint(e: Endpoint) {
    if (!window.confirm(`Remove the enforcement endpoint ${e.url}? Its pending deliveries are cancelled.`)) return;
    if (await remove.run((api) => api.call('enforcement.removeEndpoint', { endpoint_id: e.endpoint_id }))) {
      endpoints.reload();
      deliveries.reload();
    }
  }

  return (
    <section className="panel" aria-labelledby="enforcement-title">
      <h2 id="enforcement-title" className="panel-title">Enforcement endpoints</h2>
      <p className="dim">Every policy decision change is POSTed to each endpoint, signed with HMAC-SHA256 of its secret, and retried until delivered.</p>
      {endpoints.error ? <ErrorNotice error={endpoints.error} onRetry={endpoints.reload} /> : null}
      {remove.error ? <ErrorNotice error={remove.error} compact /> : null}
      {!endpoints.data ? (endpoints.status !== 'error' ? <Loading what="enforcement endpoints" /> : null) : endpoints.data.endpoints.length === 0 ? (
        <EmptyState title="No enforcement endpoint">Policy decisions are kept here only until you add one.</EmptyState>
      ) : (
        <DataTable<Endpoint>
          caption="Enforcement endpoints"
          rows={endpoints.data.endpoints}
          rowKey={(e) => e.endpoint_id}
          columns={[
            { key: 'url', header: 'URL', kind: 'mono', max: 'lg', render: (e) => e.url },
            { key: 'secret', header: 'Secret', kind: 'mono', render: (e) => `…${e.secret_hint}` },
            { key: 'enabled', header: 'Enabled', render: (e) => (e.enabled ? 'Yes' : 'No') },
            { key: 'created', header: 'Added', render: (e) => fmtTime(e.created_at) },
            { key: 'remove', header: '', render: (e) => <button type="button" className="btn btn-small" aria-label={`Remove ${e.url}`} onClick={(ev) => { ev.stopPropagation(); void removeEndpoint(e); }}>Remove</button> },
          ]}
        />
      )}
      <form className="settings-form settings-inline" aria-label="Add an enforcement endpoint" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label className="triage-label" htmlFor="endpoint-url">URL</label>
        <input id="endpoint-url" className="triage-reason mono" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://firewall.example/hooks/threatmatic" autoComplete="off" spellCheck={false} />
        <label className="triage-label" htmlFor="endpoint-secret">Signing secret (16 characters or more)</label>
        <input id="endpoint-secret" type="password" className="triage-reason mono" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />
        <div className="triage-buttons">
          <button type="submit" className="btn btn-primary" disabled={add.busy}>Add endpoint</button>
        </div>
        {add.error ? <ErrorNotice error={add.error} compact /> : null}
      </form>
      <h3 className="settings-sub">Delivery log</h3>
      {deliveries.error ? <ErrorNotice error={deliveries.error} onRetry={deliveries.reload} /> : null}
      {!deliveries.data ? (deliveries.status !== 'error' ? <Loading what="deliveries" /> : null) : deliveries.data.deliveries.length === 0 ? (
        <EmptyState title="No delivery yet" />
      ) : (
        <DataTable<Delivery>
          caption={`Latest deliveries (${deliveries.data.total} in all)`}
          rows={deliveries.data.deliveries}
          rowKey={(d) => String(d.delivery_id)}
          columns={[
            { key: 'created', header: 'Created', render: (d) => fmtTime(d.created_at) },
            { key: 'url', header: 'Endpoint', kind: 'mono', max: 'lg', render: (d) => d.url },
            { key: 'action', header: 'Change', render: (d) => d.action },
            { key: 'status', header: 'Status', render: (d) => d.status },
            { key: 'attempts', header: 'Attempts', render: (d) => String(d.attempts) },
            { key: 'error', header: 'Last error', max: 'lg', render: (d) => d.last_error ?? (d.last_status_code !== null ? `HTTP ${d.last_status_code}` : '—') },
          ]}
        />
      )}
    </section>
  );
}
