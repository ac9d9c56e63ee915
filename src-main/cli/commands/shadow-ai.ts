// `threatmatic shadow-ai list|show|approve|review`: the AI services people use (shadow AI) from the
// command line, through the same operations as the REST API, MCP and the console's Shadow AI panel.
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, stringOpt, type CliCommand, type CliContext } from '../command';
import { table } from '../format';

function listOpt(ctx: CliContext, name: string): string[] | undefined {
  const v = stringOpt(ctx, name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}
const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;

export const shadowAiListCommand: CliCommand = {
  name: 'shadow-ai list',
  summary: 'AI services in use across the fleet: risk (HIGH/MEDIUM/LOW) and why, users, devices, volume; ! marks unregistered ones',
  maxArgs: 0,
  options: {
    risk: { type: 'string', description: 'Only HIGH, MEDIUM or LOW', valueName: 'R' },
    unregistered: { type: 'boolean', description: 'Only services IT has not approved' },
  },
  run(ctx) {
    const out = dispatch(ctx.engine(), 'shadowai.list', { risk: stringOpt(ctx, 'risk')?.toUpperCase(), registered: ctx.values.unregistered ? false : undefined }, { actor: ctx.actor });
    ctx.emit(out, () => {
      const rows = out.services.map((s) => ({
        '': s.registered ? '' : '!', id: s.id, name: s.name, risk: s.risk, users: String(s.users), devices: String(s.devices), count: String(s.count),
        up: mb(s.bytes_up), last_seen: s.last_seen, why: s.risk_reason,
      }));
      return `${table(rows, ['', 'id', 'name', 'risk', 'users', 'devices', 'count', 'up', 'last_seen', 'why'])}\n${out.services.length} services; ${out.review_pending} waiting in the review queue; catalogue ${out.catalogue_version}`;
    });
  },
};

export const shadowAiShowCommand: CliCommand = {
  name: 'shadow-ai show',
  summary: 'One AI service in use: users, devices, timeline, PII categories, approval, risk and why',
  args: 'SERVICE',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const out = dispatch(ctx.engine(), 'shadowai.get', { service_id: ctx.positionals[0] }, { actor: ctx.actor });
    ctx.emit(out, () => {
      const s = out.service;
      const head = [
        `${s.registered ? '' : '! '}${s.name} (${s.id})${s.vendor ? `, ${s.vendor}` : ''}${s.kind ? `, ${s.kind}` : ''}${s.audience ? `, ${s.audience}` : ''}`,
        `risk ${s.risk}: ${s.risk_reason}`,
        `seen ${s.first_seen} to ${s.last_seen}: ${s.count} sightings, ${s.users} users, ${s.devices} devices, ${mb(s.bytes_up)} up; channels ${s.channels.join(', ')}; sources ${s.sources.join(', ')}`,
        `users: ${out.users.join(', ') || 'none known'}`,
        Object.keys(s.pii).length ? `PII in uploads: ${Object.entries(s.pii).map(([k, v]) => `${k} ×${v}`).join(', ')}` : '',
        out.approval ? `approved by ${out.approval.approved_by} at ${out.approval.approved_at}${out.approval.owner ? `, owner ${out.approval.owner}` : ''}; data classes: ${out.approval.data_classes.join(', ') || 'none'}` : 'not approved',
        s.terms ? `terms: ${s.terms}` : '',
        `block with: threatmatic policy block ${out.block_destinations.slice(0, 2).join(' / ')} (one per domain)`,
      ].filter(Boolean);
      const sightings = table(out.sightings.map((x) => ({ source: x.source, channel: x.channel, device: x.entity_id ?? '', user: x.user_id ?? '', first: x.first_seen, last: x.last_seen, count: String(x.count), up: mb(x.bytes_up), host: x.example_host ?? '' })), ['source', 'channel', 'device', 'user', 'first', 'last', 'count', 'up', 'host']);
      return `${head.join('\n')}\n\n${sightings}`;
    });
  },
};

export const shadowAiApproveCommand: CliCommand = {
  name: 'shadow-ai approve',
  summary: 'Register an AI service as approved (LOW risk), with its owner and the PII categories it may receive',
  args: 'SERVICE',
  minArgs: 1,
  maxArgs: 1,
  options: {
    owner: { type: 'string', description: 'Who answers for it', valueName: 'O' },
    'data-classes': { type: 'string', description: 'PII categories it is approved for, comma-separated (email, phone, payment_card, national_id, iban, api_key, private_key)', valueName: 'C,C' },
    note: { type: 'string', description: 'Why', valueName: 'TEXT' },
    revoke: { type: 'boolean', description: 'Withdraw the approval instead' },
  },
  run(ctx) {
    const id = ctx.positionals[0];
    if (ctx.values.revoke) {
      const out = dispatch(ctx.engine(), 'shadowai.revoke', { service_id: id }, { actor: ctx.actor });
      ctx.emit(out, out.revoked ? `${id}: approval withdrawn${out.service ? ` (now ${out.service.risk})` : ''}` : `${id}: was not approved`);
      return;
    }
    const out = dispatch(ctx.engine(), 'shadowai.approve', { service_id: id, owner: stringOpt(ctx, 'owner'), data_classes: listOpt(ctx, 'data-classes'), note: stringOpt(ctx, 'note') }, { actor: ctx.actor });
    ctx.emit(out, `${out.service.id}: approved, risk ${out.service.risk} (${out.service.risk_reason})`);
  },
};

export const shadowAiReviewCommand: CliCommand = {
  name: 'shadow-ai review',
  summary: 'The review queue of unknown AI-looking services; with a DOMAIN, classify it as an AI service or dismiss it',
  args: '[DOMAIN]',
  maxArgs: 1,
  options: {
    status: { type: 'string', description: 'List pending (default), classified, dismissed or all', valueName: 'S' },
    classify: { type: 'boolean', description: 'DOMAIN is an AI service: add it to the catalogue (stored telemetry is re-examined)' },
    dismiss: { type: 'boolean', description: 'DOMAIN is not an AI service' },
    name: { type: 'string', description: 'classify: the service name', valueName: 'N' },
    vendor: { type: 'string', description: 'classify: the vendor', valueName: 'V' },
    kind: { type: 'string', description: 'classify: chat, coding_assistant, image_media, api, agent_platform or mcp', valueName: 'K' },
    audience: { type: 'string', description: 'classify: consumer or enterprise', valueName: 'A' },
    note: { type: 'string', description: 'Why', valueName: 'TEXT' },
  },
  run(ctx) {
    const [domain] = ctx.positionals;
    if (domain === undefined) {
      const out = dispatch(ctx.engine(), 'shadowai.review', { status: stringOpt(ctx, 'status') ?? 'pending' }, { actor: ctx.actor });
      ctx.emit(out, () => `${table(out.items.map((i) => ({ domain: i.domain, host: i.example_host, why: i.reason, count: String(i.count), first: i.first_seen, last: i.last_seen, status: i.status })), ['domain', 'host', 'why', 'count', 'first', 'last', 'status'])}\n${out.items.length} items`);
      return;
    }
    if (Boolean(ctx.values.classify) === Boolean(ctx.values.dismiss)) throw new CliUsageError('give --classify or --dismiss with a DOMAIN');
    const out = dispatch(ctx.engine(), 'shadowai.decide', {
      domain, action: ctx.values.classify ? 'classify' : 'dismiss', name: stringOpt(ctx, 'name'), vendor: stringOpt(ctx, 'vendor'), kind: stringOpt(ctx, 'kind'),
      audience: stringOpt(ctx, 'audience'), note: stringOpt(ctx, 'note'),
    }, { actor: ctx.actor });
    ctx.emit(out, `${out.item.domain}: ${out.item.status}${out.service_id ? ` as ${out.service_id}` : ''}; catalogue ${out.catalogue_version}`);
  },
};

export const shadowAiOrgKeyCommand: CliCommand = {
  name: 'shadow-ai org-key',
  summary: 'The org key browser extensions report with (made on first use); --rotate makes a new one',
  maxArgs: 0,
  options: { rotate: { type: 'boolean', description: 'Replace the key: extensions with the old one are refused until updated' } },
  run(ctx) {
    const out = dispatch(ctx.engine(), 'shadowai.orgKey', { rotate: Boolean(ctx.values.rotate) }, { actor: ctx.actor });
    ctx.emit(out, `${out.org_key}\n(enter it with the server URL in the extension's options; setup: GET /extension on \`threatmatic serve\`)`);
  },
};

export const shadowAiImportCopilotCommand: CliCommand = {
  name: 'shadow-ai import-copilot',
  summary: 'Import a Microsoft 365 unified audit log export (JSON or CSV): who used Copilot in which app',
  args: 'FILE',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const out = dispatch(ctx.engine(), 'shadowai.importCopilot', { path: ctx.positionals[0] }, ctx.call);
    const apps = Object.entries(out.apps).map(([a, n]) => `${a} ${n}`).join(', ');
    ctx.emit(out, `${out.copilot} Copilot interactions by ${out.users} users imported (${apps || 'none'}); ${out.skipped} other records skipped of ${out.records}`);
  },
};
