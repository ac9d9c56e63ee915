// Importing threat intel and inventory from files on the engine's machine: `threatmatic intel import` and
// `threatmatic inventory import`. Only the CLI may call them (localFiles): the file is read where the engine runs.
import { z } from 'zod';
import { REPUTATIONS } from '../../domain/enums';
import { defineOperation } from '../define';

const filePath = z.string().min(1).max(4096).describe('The file, on the machine the engine runs on; only a regular file (at most 256 MiB) is read');

export const intelImport = defineOperation({
  name: 'intel.import',
  title: 'Import threat intel',
  description:
    'Load indicators from a STIX 2.1 bundle, a MISP event, a CSV or a plain list into the local intel store as one feed; re-importing a feed updates it. ' +
    'Bad entries are reported with their line and skipped; good ones are kept.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  localFiles: true,
  input: z.object({
    path: filePath,
    feed: z.string().min(1).max(200).optional().describe('Feed name (default: the file name without extension)'),
    // Checked by the engine's parser table, which names the formats it reads in its refusal.
    format: z.string().max(20).optional().describe('stix, misp, csv or plain (default: detected from the content)'),
    category: z.string().max(200).optional().describe('Added to every indicator of the file'),
    reputation: z.enum(REPUTATIONS).optional().describe('Verdict for entries whose source states none (default malicious)'),
    replace: z.boolean().default(false).describe("Drop the feed's earlier indicators this file no longer lists"),
  }),
  output: z.object({
    feed: z.string(),
    format: z.string(),
    imported: z.number().int().describe('Entries accepted from the input'),
    distinct: z.number().int().describe('Distinct indicators among them'),
    new_indicators: z.number().int(),
    updated: z.number().int(),
    withdrawn: z.number().int().describe("Replace mode: the feed's earlier statements the file no longer lists"),
    removed: z.number().int().describe('Replace mode: indicators left with no feed, deleted'),
    by_kind: z.record(z.string(), z.number().int()),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe('The first refused entries, with line and reason'),
    rejected_count: z.number().int(),
    skipped: z.record(z.string(), z.number().int()).describe('Valid entries of kinds this store does not match, by what they were'),
    feed_indicators: z.number().int().describe('Indicators the feed holds after this import'),
    retro_hunt: z.object({
      window_days: z.number(),
      since: z.string().nullable().describe('Data time the hunt looked back to (the newest stored event minus the window)'),
      events_scanned: z.number().int(),
      hits: z.number().int().describe('Stored events that touched an indicator this import added or raised to suspicious or malicious'),
      anomalies: z.number().int().describe('ioc_contact anomalies raised or updated, dated at the original events'),
    }).optional().describe('The look back over stored telemetry this import ran'),
  }),
});

const rejection = z.object({
  where: z.string().describe("The record: 'devices[3]', '[3]' for a bare array, 'line 5' for CSV"),
  field: z.string().optional(),
  reason: z.string(),
  message: z.string(),
});

export const inventoryImport = defineOperation({
  name: 'inventory.import',
  title: 'Import inventory',
  description:
    'Upsert devices, users and workloads from a JSON or CSV file by id, in one audited transaction. Every bad record is reported with its index or line and field; ' +
    'the good ones are imported. Discovered devices whose address an imported device claims are merged into it.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  localFiles: true,
  input: z.object({
    path: filePath,
    // Checked by the importer, which names the kinds in its refusal.
    kind: z.string().max(20).optional().describe('device, user or workload: the kind of a bare JSON array or CSV (default: inferred from the id field)'),
  }),
  output: z.object({
    file: z.string(),
    format: z.enum(['json', 'csv']),
    devices: z.number().int(),
    users: z.number().int(),
    workloads: z.number().int(),
    rejected: z.array(rejection),
    warnings: z.array(z.string()),
    merged: z.array(z.object({
      discovered: z.string(), into: z.string(), into_type: z.enum(['device', 'workload']), ip: z.string(), anomalies: z.number().int(), incidents: z.array(z.string()), intel_hits: z.number().int(),
    })),
  }),
});
