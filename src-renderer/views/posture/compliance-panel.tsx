// Compliance pills for ISO 27001, NIS2 and NIST CSF; each opens its controls with status and evidence.
import { useState } from 'react';
import type { FleetPosture } from '@shared/contract/operations/posture-fleet';
import type { ComplianceFramework } from '@shared/domain/enums';
import { COMPLIANCE_FRAMEWORKS } from '@shared/domain/enums';
import { Badge } from '../../components/badge';
import { Drawer } from '../../components/drawer';
import { label } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/states';
import { useOpQuery } from '../../store/use-op-query';
import { complianceTone, controlTone } from '../anomalies/triage-tones';

const NAMES: Record<ComplianceFramework, string> = { iso_27001: 'ISO/IEC 27001', nis2: 'NIS2', nist_csf: 'NIST CSF 2.0' };

export function CompliancePills({ compliance }: { compliance: FleetPosture['compliance'] }) {
  const [open, setOpen] = useState<ComplianceFramework | null>(null);
  return (
    <>
      <ul className="pills" aria-label="Compliance">
        {COMPLIANCE_FRAMEWORKS.map((f) => (
          <li key={f}>
            <button type="button" className={`pill pill-${complianceTone[compliance[f]]}`} onClick={() => setOpen(f)}>
              <span className="pill-name">{NAMES[f]}</span>{' '}
              <span className="pill-state">{label(compliance[f])}</span>
              <span className="sr-only">, show controls</span>
            </button>
          </li>
        ))}
      </ul>
      {open ? <ControlsDrawer framework={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function ControlsDrawer({ framework, onClose }: { framework: ComplianceFramework; onClose(): void }) {
  const q = useOpQuery(`compliance.${framework}`, 'compliance.state', { framework });
  const f = q.data?.frameworks[0];
  return (
    <Drawer title={f ? `${f.name} ${f.version}` : NAMES[framework]} subtitle={f ? `${f.summary.pass} pass · ${f.summary.partial} partial · ${f.summary.fail} fail · ${f.summary.not_applicable} n/a` : undefined} onClose={onClose}>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {!f ? (
        q.status !== 'error' ? <Loading what="controls" /> : null
      ) : (
        <>
          <div className="drawer-badges">
            <Badge tone={complianceTone[f.state]}>{label(f.state)}</Badge>
          </div>
          <ul className="controls" aria-label="Controls">
            {f.controls.map((c) => (
              <li key={c.id} className="control">
                <div className="control-head">
                  <span className="mono control-id">{c.id}</span>
                  <span className="control-title">{c.title}</span>
                  {c.key ? <span className="badge badge-neutral" title="A failing key control makes the framework non-compliant">key</span> : null}
                  <Badge tone={controlTone[c.status]}>{label(c.status)}</Badge>
                </div>
                <ul className="control-evidence">
                  {c.evidence.map((e) => (
                    <li key={e.check}>
                      <span className={`tone-${controlTone[e.status]}`}>●</span> {e.summary}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </Drawer>
  );
}
