// `threatmatic enforcement add-endpoint|list|remove|deliveries`: where decision changes are sent
// (signed webhooks) and how each delivery went.
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, intOpt, stringOpt, type CliCommand } from '../command';
import { table } from '../format';
import { readSecret, SECRET_OPTIONS } from '../secret-input';

/** The variable add-endpoint reads the signing secret from when no option names a source. */
const SECRET_ENV = 'THREATMATIC_ENDPOINT_SECRET';

const STATUSES = ['pending', 'sending', 'delivered', 'failed'];

export const enforcementAddCommand: CliCommand = {
  name: 'enforcement add-endpoint',
  summary: 'Send every policy decision change to a URL as a signed webhook',
  maxArgs: 0,
  options: {
    url: { type: 'string', description: 'http:// or https:// URL of the enforcement point', valueName: 'URL' },
    ...SECRET_OPTIONS,
  },
  details: `Each change is POSTed as JSON with headers X-Threatmatic-Signature: sha256=<hex HMAC-SHA256 of
"<timestamp>.<raw body>" with the secret>, X-Threatmatic-Timestamp (Unix seconds: refuse stale ones),
X-Threatmatic-Delivery (id, same on retries) and X-Threatmatic-Event (the action). Failed deliveries
are retried with exponential backoff (6 attempts by default); see \`threatmatic enforcement deliveries\`.
The shared signing secret (at least 16 characters) comes from --secret-file FILE, --secret-env NAME, or
$${SECRET_ENV}; it is stored encrypted (docs/secrets.md). Example:
  threatmatic enforcement add-endpoint --url https://fw.example.com/hook --secret-file ~/.fw-secret`,
  run(ctx) {
    const url = stringOpt(ctx, 'url');
    if (!url) throw new CliUsageError('--url is required');
    const secret = readSecret(ctx, SECRET_ENV);
    const ep = dispatch(ctx.engine(), 'enforcement.addEndpoint', { url, secret }, ctx.call);
    ctx.emit(ep, `Added ${ep.endpoint_id}: ${ep.url} (secret …${secret.slice(-4)})`);
  },
};

export const enforcementListCommand: CliCommand = {
  name: 'enforcement list',
  summary: 'List enforcement endpoints',
  maxArgs: 0,
  run(ctx) {
    const out = dispatch(ctx.engine(), 'enforcement.endpoints', {}, ctx.call);
    ctx.emit(out, () => table(out.endpoints, ['endpoint_id', 'url', 'enabled', 'secret_hint', 'created_at']));
  },
};

export const enforcementRemoveCommand: CliCommand = {
  name: 'enforcement remove',
  summary: 'Remove an enforcement endpoint (its undelivered changes are marked failed)',
  args: 'ENDPOINT_ID',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const r = dispatch(ctx.engine(), 'enforcement.removeEndpoint', { endpoint_id: ctx.positionals[0] }, ctx.call);
    ctx.emit(r, `Removed ${r.endpoint_id} (${r.url}); ${r.cancelled_deliveries} undelivered change(s) marked failed.`);
  },
};

export const enforcementDeliveriesCommand: CliCommand = {
  name: 'enforcement deliveries',
  summary: 'The delivery log: each change sent to each endpoint, with status, attempts and last error',
  maxArgs: 0,
  options: {
    status: { type: 'string', description: `Only this status (${STATUSES.join(', ')})`, valueName: 'STATUS' },
    endpoint: { type: 'string', description: 'Only this endpoint id', valueName: 'ID' },
    limit: { type: 'string', description: 'At most this many (default 50)', valueName: 'N' },
    offset: { type: 'string', description: 'Skip this many (default 0)', valueName: 'N' },
  },
  run(ctx) {
    const status = stringOpt(ctx, 'status');
    if (status !== undefined && !STATUSES.includes(status)) throw new CliUsageError(`--status must be one of ${STATUSES.join(', ')}, got '${status}'`);
    const out = dispatch(ctx.engine(), 'enforcement.deliveries', { status, endpoint_id: stringOpt(ctx, 'endpoint'), limit: intOpt(ctx, 'limit', 50, 1), offset: intOpt(ctx, 'offset', 0) }, ctx.call);
    ctx.emit(out, () => `${table(out.deliveries.map((d) => ({
      id: d.delivery_id, action: d.action, policy_id: d.policy_id ?? '', url: d.url, status: d.status, attempts: d.attempts,
      last: d.last_status_code ?? d.last_error ?? '', next_attempt_at: d.next_attempt_at ?? '', created_at: d.created_at,
    })), ['id', 'action', 'policy_id', 'url', 'status', 'attempts', 'last', 'next_attempt_at', 'created_at'])}\n${out.deliveries.length} of ${out.total} deliveries`);
  },
};
