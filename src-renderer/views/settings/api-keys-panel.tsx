// API keys: create one with scopes (the key itself is shown this once, with a copy button, and kept only
// in this component's memory), list them, revoke one. The same keys.* operations as the CLI and REST.
import { useState } from 'react';
import type { OpOutput } from '@shared/contract/index';
import type { ApiKeyView } from '@shared/contract/operations/keys';
import { SCOPES } from '@shared/domain/enums';
import { CopyButton } from '../../components/copy-button';
import { DataTable } from '../../components/data-table';
import { fmtTime } from '../../components/format';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { useAction } from '../../store/use-action';
import { useOpQuery } from '../../store/use-op-query';

export function ApiKeysPanel() {
  const keys = useOpQuery('settings.keys', 'keys.list', { include_revoked: false });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [requireApproval, setRequireApproval] = useState(false);
  const [created, setCreated] = useState<OpOutput<'keys.create'> | null>(null);
  const create = useAction();
  const revoke = useAction();

  async function submit() {
    setCreated(null);
    const out = await create.run((api) => api.call('keys.create', { name: name.trim(), scopes, require_approval: requireApproval }));
    if (out) {
      setCreated(out);
      setName('');
      keys.reload();
    }
  }

  async function revokeKey(k: ApiKeyView) {
    if (!window.confirm(`Revoke the API key "${k.name}" (${k.prefix}…)? Anything using it stops working at once.`)) return;
    if (await revoke.run((api) => api.call('keys.revoke', { key_id: k.key_id }))) keys.reload();
  }

  const toggle = (s: string) => setScopes((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));

  return (
    <section className="panel" aria-labelledby="keys-title">
      <h2 id="keys-title" className="panel-title">API keys</h2>
      <p className="dim">For MCP clients, the REST API and agent SDKs. A key is shown once, when it is created.</p>
      <form className="settings-form" aria-label="Create an API key" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label className="triage-label" htmlFor="key-name">Name</label>
        <input id="key-name" className="triage-reason" value={name} onChange={(e) => setName(e.target.value)} placeholder="claude-desktop" autoComplete="off" spellCheck={false} />
        <fieldset className="settings-scopes">
          <legend className="triage-label">Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} className="settings-check">
              <input type="checkbox" checked={scopes.includes(s)} onChange={() => toggle(s)} /> <span className="mono">{s}</span>
            </label>
          ))}
        </fieldset>
        <label className="settings-check">
          <input type="checkbox" checked={requireApproval} onChange={(e) => setRequireApproval(e.target.checked)} /> Hold containment and access changes for an analyst&apos;s approval
        </label>
        <div className="triage-buttons">
          <button type="submit" className="btn btn-primary" disabled={create.busy}>Create key</button>
        </div>
        {create.error ? <ErrorNotice error={create.error} compact /> : null}
      </form>
      {created ? (
        <div className="settings-secret" role="region" aria-label="New API key">
          <p><strong>Copy this key now:</strong> it is not shown again.</p>
          <code className="mono" data-testid="new-key">{created.key}</code>
          <CopyButton text={created.key} what="the new API key" />
        </div>
      ) : null}
      {revoke.error ? <ErrorNotice error={revoke.error} compact /> : null}
      {keys.error ? <ErrorNotice error={keys.error} onRetry={keys.reload} /> : null}
      {!keys.data ? (keys.status !== 'error' ? <Loading what="API keys" /> : null) : keys.data.keys.length === 0 ? (
        <EmptyState title="No API keys">Create one above, or with <code>threatmatic keys create</code>.</EmptyState>
      ) : (
        <DataTable<ApiKeyView>
          caption="Active API keys"
          rows={keys.data.keys}
          rowKey={(k) => k.key_id}
          columns={[
            { key: 'name', header: 'Name', render: (k) => k.name },
            { key: 'prefix', header: 'Key', kind: 'mono', render: (k) => `${k.prefix}…` },
            { key: 'scopes', header: 'Scopes', kind: 'mono', render: (k) => k.scopes.join(', ') },
            { key: 'approval', header: 'Approval', render: (k) => (k.require_approval ? 'Required' : '—') },
            { key: 'created', header: 'Created', render: (k) => `${fmtTime(k.created_at)} by ${k.created_by}` },
            { key: 'revoke', header: '', render: (k) => <button type="button" className="btn btn-small" aria-label={`Revoke ${k.name}`} onClick={(e) => { e.stopPropagation(); void revokeKey(k); }}>Revoke</button> },
          ]}
        />
      )}
    </section>
  );
}
