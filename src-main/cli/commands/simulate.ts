// `threatmatic simulate`: a deterministic demo fleet with realistic telemetry and labelled attacks, into the
// database (the simulate.run operation, through the normal ingest) or, with --out, into importable files
// (generated here: nothing of the engine's is read or changed, so no database is opened).
import { ATTACKS } from '../../engine/simulate/attacks/types';
import { dispatch } from '../../engine/dispatch';
import { DEFAULT_EVENTS_PER_DEVICE_HOUR, LIMITS, resolveSimulationOptions, type SimulationInput } from '../../engine/simulate/options';
import type { SimulationSummary } from '../../engine/simulate/run-simulation';
import type { SimulationProgress } from '../../engine/simulate/scenario';
import { writeSimulationFiles } from '../../engine/simulate/write-files';
import { systemClock } from '../../engine/clock';
import { stringOpt, type CliCommand, type CliContext } from '../command';
import { keyValues, table } from '../format';

const FLAG: Record<keyof SimulationInput, string> = {
  devices: '--devices', hours: '--hours', users: '--users', workloads: '--workloads', seed: '--seed', start: '--start', attacks: '--attack', eventsPerDeviceHour: '--rate',
};

function progress(ctx: CliContext): (p: SimulationProgress) => void {
  let lastDay = -1;
  return (p) => {
    if (!ctx.stderrIsTTY) return;
    if (p.phase !== 'telemetry') { ctx.note(`simulate: ${p.phase}…`); return; }
    const day = Math.floor(p.hours_done / 24);
    if (day === lastDay && p.hours_done !== p.hours_total) return;
    lastDay = day;
    ctx.note(`simulate: ${p.hours_done}/${p.hours_total} h, ${p.events.toLocaleString('en-US')} events`);
  };
}

function human(s: SimulationSummary): string {
  const head = keyValues({
    window: `${s.start} → ${s.end} (${s.hours} h)`, seed: s.seed, devices: s.devices, users: s.users, workloads: s.workloads,
    events: `${s.events} (${s.events_per_device_hour} per device-hour)`,
    ...(s.ingest ? { ingest: `${s.ingest.status} as source ${s.ingest.source_id}, ${s.ingest.rejects} rejects, ${s.ingest.intel_hits} intel hits`, labels_added: s.labels_added } : {}),
    ...(s.files ? { files: s.files.join(', ') } : {}),
    indicators: s.indicators.join(', ') || '-', seconds: s.seconds,
    ...((s as { ai_agents?: number }).ai_agents !== undefined ? { ai_agents: (s as { ai_agents?: number }).ai_agents } : {}),
  });
  const attacks = s.attacks.map((a) => ({ ...a, detail: JSON.stringify(a.detail) }));
  return `${head}\n\nAttacks (ground truth):\n${table(attacks, ['attack', 'entity_type', 'entity_id', 'start', 'end'])}`;
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'Simulate a realistic fleet with telemetry and labelled attacks (deterministic for a seed)',
  maxArgs: 0,
  options: {
    devices: { type: 'string', description: `Devices (default 300; ${LIMITS.devices[0]}–${LIMITS.devices[1]})`, valueName: 'N' },
    hours: { type: 'string', description: 'Hours of telemetry, ending at --start + H (default 24)', valueName: 'H' },
    attack: { type: 'string', multiple: true, description: `Attacks to inject, comma-separated: ${ATTACKS.join(', ')} or all (default none)`, valueName: 'A,B' },
    seed: { type: 'string', description: 'Random seed (default 1): the same seed and options give the same fleet and events', valueName: 'S' },
    start: { type: 'string', description: "First hour, ISO 8601, floored to the hour (default: now minus H hours)", valueName: 'ISO' },
    users: { type: 'string', description: 'Users (default 45% of the devices)', valueName: 'U' },
    workloads: { type: 'string', description: 'Workloads (default one per six devices)', valueName: 'W' },
    rate: { type: 'string', description: `Average events per device-hour (default ${DEFAULT_EVENTS_PER_DEVICE_HOUR}; ${LIMITS.eventsPerDeviceHour[0]}–${LIMITS.eventsPerDeviceHour[1]})`, valueName: 'R' },
    out: { type: 'string', description: 'Write inventory.json, telemetry.jsonl and labels.json to DIR instead of the database', valueName: 'DIR' },
    'ai-fleet': { type: 'boolean', description: 'Also an AI fleet: MCP servers and agents reporting through the SDK path (one with the lethal trifecta, one drifting)' },
  },
  details: `Devices: cameras (Axis, Hikvision, Bosch), HVAC and environmental sensors, badge readers, printers,
workstations, laptops, servers, switches, access points, desk phones; plus users and workloads.
Traffic follows office hours (UTC); cameras and sensors report on fixed timers. Attacks fall in the last
quarter of the window and never before its last 24 h begin, after the baselines have learned:
  lateral-movement  a workstation sweeps 14–24 internal hosts on 445/3389/5985 within minutes
  c2-beacon         one device calls a rare external host every ~60 s (±3 %); the host and its domain
                    are registered as c2_server indicators in the 'threatmatic-demo' intel feed
  bruteforce        40–120 failed sign-ins for one user from one external address, sometimes a success
  device-silent     a sensor stops all telemetry partway through
  eol-firmware      a camera is rolled back to end-of-life firmware (inventory firmware_status eol)
Ground truth goes to the sim_labels table (or labels.json). Running the same simulation again adds nothing.

Examples:
  threatmatic simulate --devices 300 --hours 24 --attack all --seed 7
  threatmatic simulate --devices 50 --hours 48 --attack c2-beacon --start 2026-05-01T00:00:00Z --out ./sim`,
  run(ctx) {
    const attack = ctx.values.attack;
    const input: SimulationInput = {
      devices: stringOpt(ctx, 'devices'), hours: stringOpt(ctx, 'hours'), users: stringOpt(ctx, 'users'), workloads: stringOpt(ctx, 'workloads'),
      seed: stringOpt(ctx, 'seed'), start: stringOpt(ctx, 'start'), eventsPerDeviceHour: stringOpt(ctx, 'rate'),
      attacks: Array.isArray(attack) ? attack : typeof attack === 'string' ? attack : undefined,
    };
    const fieldName = (f: keyof SimulationInput) => FLAG[f];
    const out = stringOpt(ctx, 'out');
    if (out) {
      const files = writeSimulationFiles(out, input, { clock: systemClock, onProgress: progress(ctx), fieldName });
      ctx.emit(files, () => human(files));
      return;
    }
    // The options are checked here first so a refusal names the --flag; the operation checks them again.
    const o = resolveSimulationOptions(input, systemClock, fieldName);
    const summary: SimulationSummary = dispatch(ctx.engine(), 'simulate.run', {
      devices: o.devices, hours: o.hours, users: o.users, workloads: o.workloads, seed: o.seed, start: new Date(o.start).toISOString(), attacks: o.attacks,
      events_per_device_hour: o.eventsPerDeviceHour, ...(ctx.values['ai-fleet'] ? { ai_fleet: true } : {}),
    }, { ...ctx.call, progress: progress(ctx) as (p: unknown) => void });
    ctx.emit(summary, () => human(summary));
  },
};
