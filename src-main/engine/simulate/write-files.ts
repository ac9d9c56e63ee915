// `simulate --out DIR`: the scenario as files instead of database rows: inventory.json (importable with
// `threatmatic inventory import`), telemetry.jsonl (canonical lines, ingestable) and labels.json (ground truth).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { UserError } from '../errors';
import { writeAtomically } from '../util/atomic-file';
import { toCanonicalLine } from '../telemetry/canonical';
import { labelView } from './labels';
import { resolveSimulationOptions, type FieldName, type SimulationInput } from './options';
import { DEMO_FEED, summarize, type SimulationSummary } from './run-simulation';
import { buildScenario, scenarioEvents, type SimulationProgress } from './scenario';

const FLUSH_BYTES = 1 << 20;

export function writeSimulationFiles(dir: string, input: SimulationInput, opts: { clock: Clock; onProgress?: (p: SimulationProgress) => void; fieldName?: FieldName }): SimulationSummary {
  const started = performance.now();
  const options = resolveSimulationOptions(input, opts.clock, opts.fieldName);
  const scenario = buildScenario(options);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UserError('invalid_input', `cannot create output folder '${dir}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'out');
  }
  const files = ['inventory.json', 'telemetry.jsonl', 'labels.json'].map((f) => join(dir, f));
  // Each file replaces an earlier one only when written whole (util/atomic-file.ts).
  writeAtomically(files[0], (f) => f.write(`${JSON.stringify(scenario.inventory, null, 2)}\n`));
  const events = writeAtomically(files[1], (f) => {
    let n = 0;
    let chunk = '';
    for (const ev of scenarioEvents(scenario, opts.onProgress)) {
      chunk += `${toCanonicalLine(ev)}\n`;
      n++;
      if (chunk.length >= FLUSH_BYTES) { f.write(chunk); chunk = ''; }
    }
    if (chunk) f.write(chunk);
    return n;
  });

  const { plan } = scenario;
  writeAtomically(files[2], (f) => f.write(`${JSON.stringify({
    seed: options.seed, start: new Date(options.start).toISOString(), end: new Date(options.end).toISOString(),
    labels: plan.labels.map(labelView),
    // What a database run registers in the threatmatic-demo feed; import it to get the same intel hits.
    indicators: plan.indicators.map((i) => ({ value: i.value, kind: i.kind, reputation: i.reputation, categories: i.categories, feed: DEMO_FEED })),
  }, null, 2)}\n`));
  return { ...summarize(scenario, events, (performance.now() - started) / 1000), files };
}
