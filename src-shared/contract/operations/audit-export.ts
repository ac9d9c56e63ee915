// The audit log as stored, page by page, oldest first (hashes and signatures included), so a copy can be
// verified again elsewhere. `threatmatic audit export` writes the pages as JSON Lines.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';

const AUDIT_EXPORT_PAGE = 5000;

const auditRowSchema = z.object({
  seq: z.number().int(),
  ts: z.number().int().describe('Epoch milliseconds'),
  actor_type: z.string(),
  actor_id: z.string(),
  actor_name: z.string().nullable(),
  action: z.string(),
  params: z.string().describe('The call\'s input as recorded: canonical JSON'),
  outcome: z.string(),
  detail: z.string().nullable(),
  prev_hash: z.string(),
  hash: z.string(),
  mac: z.string().nullable().describe('HMAC of hash under the audit key; null on rows written before rows were signed'),
});

export const auditExport = defineOperation({
  name: 'audit.export',
  title: 'Export the audit log',
  description:
    'Rows of the audit log exactly as stored (hashes and signatures included), oldest first, a page at a time: pass the last seq you have as after_seq, and the ' +
    'through_seq of the first page to every later one, so an export ends at the head it started from.',
  scope: 'admin',
  annotations: READ_ONLY,
  input: z.object({
    after_seq: z.number().int().min(0).default(0).describe('Rows after this sequence number (0: from the first)'),
    through_seq: z.number().int().min(0).optional().describe('Rows up to this sequence number (default: the head now)'),
    limit: z.number().int().min(1).max(AUDIT_EXPORT_PAGE).default(AUDIT_EXPORT_PAGE),
  }),
  output: z.object({
    rows: z.array(auditRowSchema),
    through_seq: z.number().int().describe('The last row this export covers: pass it to the following pages'),
    done: z.boolean().describe('True when no row up to through_seq is left after this page'),
  }),
  rest: { method: 'GET', path: '/api/v1/audit-log/export' },
});
