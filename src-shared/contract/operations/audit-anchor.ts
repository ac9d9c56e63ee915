// The audit chain's anchor: checkpoints of its head written outside the database, and the check that
// compares the chain with them (truncation, re-chaining, forged appends). Used by `threatmatic audit`.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';

export const CHECKPOINT_REASONS = ['entries', 'timer', 'shutdown', 'manual'] as const;

export const checkpointSchema = z.object({
  v: z.literal(1),
  seq: z.number().int().min(0).describe('Sequence number of the chain head when the checkpoint was taken (0: empty log)'),
  hash: z.string().regex(/^[0-9a-f]{64}$/).describe('Hash of that row; it covers every row before it, so any rewrite up to seq changes it'),
  entries: z.number().int().min(0).describe('Rows in the log at that moment'),
  row_ts: z.string().nullable().describe('Time of the head row'),
  at: z.string().describe('When the checkpoint was taken'),
  reason: z.enum(CHECKPOINT_REASONS).describe('entries (every N entries), timer, shutdown of a long-running process, or manual'),
  mac: z.string().describe('HMAC-SHA256 of the fields above under the audit key kept beside the database'),
});
export type Checkpoint = z.output<typeof checkpointSchema>;

const AUDIT_PROBLEM_KINDS = ['edited', 'gap', 'relinked', 'truncated', 'rechained', 'forged', 'checkpoint_invalid'] as const;

const problemSchema = z.object({
  kind: z.enum(AUDIT_PROBLEM_KINDS).describe(
    'edited: a row no longer matches its hash; gap: sequence numbers missing in the middle; relinked: a row does not point at the row before it; ' +
      'truncated: rows a checkpoint saw are gone from the end; rechained: rows were rewritten and their hashes recomputed; ' +
      'forged: rows not signed with this installation\'s audit key; checkpoint_invalid: a checkpoint line that is malformed or not signed with the key',
  ),
  first_seq: z.number().int().nullable(),
  last_seq: z.number().int().nullable(),
  source: z.string().describe('What found it: the chain itself, or the checkpoint file'),
  message: z.string(),
});

export const auditVerify = defineOperation({
  name: 'audit.verify',
  rest: { method: 'POST', path: '/api/v1/audit-log/verify' },
  title: 'Verify the audit log',
  description:
    'Check the audit log: every row against its hash and the one before it, every row\'s signature under the audit key, and the chain head against the checkpoints ' +
    'in the data folder plus any given here (e.g. a copy kept on another machine). Names each problem: rows edited, missing in the middle or at the end (truncated), ' +
    're-chained, or forged since the last checkpoint.',
  scope: 'admin',
  annotations: READ_ONLY,
  input: z.object({
    checkpoints: z.array(z.unknown()).max(100_000).optional().describe('Checkpoints from a file kept elsewhere, one object per line of it; malformed ones are reported, not trusted'),
    checkpoint_source: z.string().max(1000).optional().describe('Where those checkpoints came from, for the report (e.g. the file name)'),
  }),
  output: z.object({
    ok: z.boolean(),
    entries: z.number().int().describe('Rows in the log'),
    head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    signed_from: z.number().int().nullable().describe('First row signed with the audit key; rows before it predate signing'),
    checkpoints_checked: z.number().int(),
    last_checkpoint: checkpointSchema.nullable().describe('The newest valid checkpoint (highest seq)'),
    unanchored: z.number().int().describe('Rows after the last checkpoint: covered by their signatures only'),
    problems: z.array(problemSchema),
  }),
});

export const auditCheckpoint = defineOperation({
  name: 'audit.checkpoint',
  rest: { method: 'POST', path: '/api/v1/audit-log/checkpoints' },
  title: 'Checkpoint the audit log',
  description:
    'Record the audit chain head (sequence, hash, row count, time, signed) in the checkpoints file beside the database, after checking that every row since the ' +
    'previous checkpoint verifies; the request is itself an entry of the log, and the checkpoint covers it. Keep a copy elsewhere (`threatmatic audit checkpoint --out FILE`) so even a rewrite of both database and data folder is caught.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({}),
  output: z.object({
    checkpoint: checkpointSchema,
    file: z.string().nullable().describe('The checkpoints file it was appended to; null for an in-memory database'),
  }),
});
