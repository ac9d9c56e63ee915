// How much one ingest transaction holds: the one place the batch size is set (and tuned).

/** Reads a positive integer override from the environment (fault-injection runs use small batches to get many commits). */
function override(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * Events per transaction. Measured on the 1M-event benchmark: 10k-event batches ran at ~85k events/s,
 * 50k at ~118k, because every commit rewrites the (entity_id, ts) index pages the batch touched,
 * and one entity per device means nearly all of them. Memory stays bounded (~25 MB of events).
 * THREATMATIC_INGEST_BATCH_EVENTS overrides it (tests and tuning).
 */
export const BATCH_EVENTS = override('THREATMATIC_INGEST_BATCH_EVENTS', 50_000);
/** Records per transaction whatever they became (a file of rejects or skips still checkpoints). */
export const BATCH_RECORDS = Math.max(BATCH_EVENTS, override('THREATMATIC_INGEST_BATCH_RECORDS', 200_000));
