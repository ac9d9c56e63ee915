// Ingesting one telemetry file: streamed from the engine's machine, resumable, never counted twice.
// Used by `threatmatic ingest`; the file is on this machine, so only the CLI may call it (localFiles).
import { z } from 'zod';
import { TELEMETRY_FORMATS } from '../../domain/enums';
import { defineOperation } from '../define';

export const ingestFile = defineOperation({
  name: 'ingest.file',
  title: 'Ingest a telemetry file',
  description:
    'Stream one telemetry file (canonical JSONL, Zeek conn/dns TSV or JSON, OCSF, Suricata EVE) into the engine. The file is identified by the SHA-256 of its ' +
    'content: ingesting it again adds nothing, and an interrupted ingest resumes after its last committed line. Bad lines are rejected with line and reason.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  localFiles: true,
  input: z.object({
    path: z.string().min(1).max(4096).describe('The file, on the machine the engine runs on; only a regular file is read'),
    format: z.enum(TELEMETRY_FORMATS).optional().describe('Skip auto-detection (ignored when resuming: the checkpoint belongs to its format)'),
    time_base: z.string().max(100).refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 time').optional()
      .describe('ISO time that relative Zeek timestamps (seconds since capture start) count from; without it they are rejected'),
  }),
  output: z.object({
    source_id: z.number().int(),
    file: z.string(),
    format: z.enum(TELEMETRY_FORMATS),
    status: z.enum(['ingested', 'resumed', 'already_ingested']),
    lines: z.number().int().describe('Counts of this run: a resumed run counts from its resume point, an already ingested file zeros'),
    events: z.number().int(),
    rejects: z.number().int(),
    skipped: z.number().int(),
    intel_hits: z.number().int(),
    seconds: z.number(),
    sha256: z.string(),
    notes: z.array(z.string()).describe('What a person should know: why lines were skipped, rejects beyond the stored cap'),
  }),
});

