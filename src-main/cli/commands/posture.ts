// `threatmatic posture`: the fleet's posture (default), or one device's, user's or workload's, with
// score, band, dimensions and the factors behind it; `--compliance` shows each framework's controls.
import type { PostureDimensions, PostureFactor } from '@shared/contract/operations/posture-schemas';
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, stringOpt, type CliCommand, type CliContext } from '../command';
import { keyValues, table } from '../format';

const TOP_FACTORS = 8;

function dimensionsText(d: PostureDimensions): string {
  return Object.entries(d).map(([name, v]) => `${name} ${v.score} (×${v.weight}%)`).join(', ');
}

function factorsText(factors: readonly (Pick<PostureFactor, 'dimension' | 'factor' | 'points' | 'why'> & { entities?: number })[]): string {
  if (factors.length === 0) return 'Factors: none: nothing counts against this posture.';
  const rows = factors.slice(0, TOP_FACTORS).map((f) => ({ points: f.points, dimension: f.dimension, factor: f.factor, why: f.why }));
  const more = factors.length > TOP_FACTORS ? `\n… and ${factors.length - TOP_FACTORS} more (--json shows all)` : '';
  return `Top factors:\n${table(rows, ['points', 'dimension', 'factor', 'why'])}${more}`;
}

function entityText(header: Record<string, unknown>, p: { score: number; band: string; risk_score: number; dimensions: PostureDimensions; factors: PostureFactor[]; open_anomalies: number; assessed_at: string }): string {
  return [
    keyValues({ ...header, score: `${p.score} (${p.band})`, risk_score: p.risk_score, open_anomalies: p.open_anomalies, assessed_at: p.assessed_at }),
    `dimensions  ${dimensionsText(p.dimensions)}`,
    '',
    factorsText(p.factors),
  ].join('\n');
}

function showCompliance(ctx: CliContext): void {
  const report = dispatch(ctx.engine(), 'compliance.state', {}, ctx.call);
  ctx.emit(report, () =>
    report.frameworks
      .map((f) => `${f.name}: ${f.state} (${f.summary.pass} pass, ${f.summary.partial} partial, ${f.summary.fail} fail, ${f.summary.not_applicable} n/a)\n` +
        table(f.controls.map((c) => ({ control: c.id, key: c.key ? 'key' : '', status: c.status, evidence: c.evidence.map((e) => e.summary).join('; ') })), ['control', 'key', 'status', 'evidence']))
      .join('\n\n'));
}

export const postureCommand: CliCommand = {
  name: 'posture',
  summary: 'Show the fleet posture, or one device, user or workload, with the factors behind the score',
  maxArgs: 0,
  options: {
    device: { type: 'string', description: 'Posture of this device id', valueName: 'ID' },
    user: { type: 'string', description: 'Posture of this user id or UPN', valueName: 'ID' },
    workload: { type: 'string', description: 'Posture of this workload id', valueName: 'ID' },
    compliance: { type: 'boolean', description: 'Show each framework\'s controls with status and evidence' },
  },
  details: 'Scores run 0–100 (higher is better): 0–40 high risk, 41–70 moderate, 71–100 healthy. risk_score = 100 − score.\nSee docs/posture-model.md for the dimensions, weights and factors.',
  run(ctx) {
    const chosen = (['device', 'user', 'workload', 'compliance'] as const).filter((k) => ctx.values[k] !== undefined && ctx.values[k] !== false);
    if (chosen.length > 1) throw new CliUsageError(`choose one of --device, --user, --workload, --compliance (got ${chosen.map((k) => `--${k}`).join(', ')})`);
    const engine = ctx.engine();
    const device = stringOpt(ctx, 'device');
    const user = stringOpt(ctx, 'user');
    const workload = stringOpt(ctx, 'workload');
    if (ctx.values.compliance) {
      showCompliance(ctx);
      return;
    }
    if (device !== undefined) {
      const p = dispatch(engine, 'posture.device', { device_id: device }, ctx.call);
      ctx.emit(p, () => entityText({ device_id: p.device_id, device_type: p.device_type, trust_level: p.trust_level, firmware: `${p.firmware_version ?? '?'} (${p.firmware_status})`, last_seen: p.last_seen }, p));
      return;
    }
    if (user !== undefined) {
      const p = dispatch(engine, 'posture.user', { user_id: user }, ctx.call);
      ctx.emit(p, () => entityText({ user_id: p.user_id, mfa_enrolled: p.mfa_enrolled, devices: p.devices.map((d) => `${d.device_id} ${d.score}`).join(', ') || '-' }, p));
      return;
    }
    if (workload !== undefined) {
      const p = dispatch(engine, 'posture.workload', { workload_id: workload }, ctx.call);
      ctx.emit(p, () => entityText({ workload_id: p.workload_id, kind: p.kind, last_seen: p.last_seen }, p));
      return;
    }
    const f = dispatch(engine, 'posture.fleet', {}, ctx.call);
    ctx.emit(f, () => [
      keyValues({
        score: `${f.score} (${f.band}), trend ${f.trend}`, device_count: f.device_count, active_incidents: f.active_incidents, open_anomalies: f.open_anomalies,
        policy_violations_24h: f.policy_violations_24h, compliance: `ISO 27001 ${f.compliance.iso_27001}, NIS2 ${f.compliance.nis2}, NIST CSF ${f.compliance.nist_csf}`, assessed_at: f.assessed_at,
      }),
      `dimensions  ${dimensionsText(f.dimensions)}`,
      '',
      f.factors.length ? `Top factors (fleet points):\n${table(f.factors.map((x) => ({ points: x.points, dimension: x.dimension, factor: x.factor, entities: x.entities })), ['points', 'dimension', 'factor', 'entities'])}` : 'Top factors: none',
      '',
      `Devices at risk:\n${table(f.devices_at_risk, ['device_id', 'risk', 'reason'])}`,
    ].join('\n'));
  },
};
