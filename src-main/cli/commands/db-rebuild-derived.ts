// `threatmatic db rebuild-derived`: recomputes roll-ups, destinations and baselines from the stored events
// (repairs a database whose derived tables an interrupted or concurrent ingest left short): db.rebuildDerived.
import { dispatchAsync } from '../../engine/dispatch';
import type { CliCommand } from '../command';
import { keyValues } from '../format';

export const dbRebuildDerivedCommand: CliCommand = {
  name: 'db rebuild-derived',
  summary: 'Recompute hourly roll-ups, destinations and baselines from the stored events',
  maxArgs: 0,
  details: `Replays every stored event, in ingest order, through the roll-up and baseline code (detectors
do not run again: anomalies, incidents and their triage stay as they are) and replaces the derived
tables in one transaction. Use it on a database whose roll-ups an interrupted or concurrent ingest
left short before Threatmatic wrote derived state with its events. Waits for a running ingest.`,
  async run(ctx) {
    const r = await dispatchAsync(ctx.engine(), 'db.rebuildDerived', {}, { ...ctx.call, onWait: (m) => ctx.note(`threatmatic db rebuild-derived: ${m}`) });
    ctx.emit(r, () => keyValues({ ...r, seconds: r.seconds.toFixed(2) }));
  },
};
