// Set a management path: scope (fleet, a device type, one device) and its destinations. The engine
// validates and screens them; a refusal is shown with the field and the reason, and nothing is saved.
import { useState } from 'react';
import { MANAGEMENT_SCOPES, type ManagementScope } from '@shared/contract/operations/policy-management-paths';
import { DEVICE_TYPES } from '@shared/domain/enums';
import { ApiError } from '../../api/index';
import { label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';

const SCOPE_LABELS: Record<ManagementScope, string> = { fleet: 'Fleet default', device_type: 'Device type', device: 'One device' };

export function ManagementPathForm({ onSaved }: { onSaved(): void }) {
  const [scope, setScope] = useState<ManagementScope>('fleet');
  const [deviceType, setDeviceType] = useState<string>(DEVICE_TYPES[0]);
  const [deviceId, setDeviceId] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function save() {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const destinations = text.split(/[\s,]+/).filter(Boolean);
      const scopeId = scope === 'device_type' ? deviceType : scope === 'device' ? deviceId.trim() : undefined;
      const r = await useStore.getState().api!.call('policy.setManagementPath', { scope, scope_id: scopeId, destinations });
      setSaved(`${r.changed ? 'Saved' : 'Unchanged'}: ${r.destinations?.join(', ') || 'enforcement point only'}`);
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel quarantine-form" aria-labelledby="path-form-title" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2 id="path-form-title" className="panel-title">Set a management path</h2>
      <label className="triage-label" htmlFor="path-scope">Applies to</label>
      <select id="path-scope" className="triage-reason" value={scope} onChange={(e) => setScope(e.target.value as ManagementScope)}>
        {MANAGEMENT_SCOPES.map((s) => <option key={s} value={s}>{SCOPE_LABELS[s]}</option>)}
      </select>
      {scope === 'device_type' ? (
        <>
          <label className="triage-label" htmlFor="path-type">Device type</label>
          <select id="path-type" className="triage-reason" value={deviceType} onChange={(e) => setDeviceType(e.target.value)}>
            {DEVICE_TYPES.map((t) => <option key={t} value={t}>{label(t)}</option>)}
          </select>
        </>
      ) : null}
      {scope === 'device' ? (
        <>
          <label className="triage-label" htmlFor="path-device">Device id</label>
          <input id="path-device" className="triage-reason mono" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} placeholder="dev_…" spellCheck={false} autoComplete="off" />
        </>
      ) : null}
      <label className="triage-label" htmlFor="path-destinations">Destinations</label>
      <textarea id="path-destinations" className="triage-reason mono" rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder="IPs, CIDRs, names or *.patterns, one per line (empty: the enforcement point only)" spellCheck={false} />
      <div className="triage-buttons">
        <button type="submit" className="btn btn-primary" disabled={busy || (scope === 'device' && deviceId.trim() === '')}>Save path</button>
        {saved ? <span className="dim" role="status">{saved}</span> : null}
      </div>
      {error ? <ErrorNotice error={error} compact /> : null}
    </form>
  );
}
