// Repair: recompute the hourly roll-ups, destinations and baselines from the stored events, in one
// transaction, after any running ingest. `threatmatic db rebuild-derived`.
import { z } from 'zod';
import { defineOperation } from '../define';

export const dbRebuildDerived = defineOperation({
  name: 'db.rebuildDerived',
  title: 'Rebuild derived state',
  description:
    'Replay every stored event, in ingest order, through the roll-up and baseline code and replace the derived tables (hourly roll-ups, destinations, baselines, ' +
    'DNS names) in one audited transaction. Detectors do not run again: anomalies, incidents and their triage stay. Waits for a running ingest.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({}),
  output: z.object({
    events: z.number().int(), entities: z.number().int(), hourly_rows: z.number().int(), destinations: z.number().int(), seconds: z.number(),
  }),
});
