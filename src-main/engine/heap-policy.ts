// How the process hosting an engine lets its JavaScript heap grow. V8 grows the old generation by a
// factor of up to 4 of what survived the last full collection before collecting again; an ingest
// promotes every batch it holds (tens of MB of events that live until the commit), so with that default
// a 10,000-device fleet peaked at 915 MiB RSS over a live heap of 136 MiB. A growth of 50% collected
// sooner, and the fleet peaked at 505 MiB; with derived state written in every batch (a live heap of
// 160 MiB) the same fleet peaked at 596–661 MiB from run to run (highest with both cores busy). 30%
// collects sooner again: 536 MiB in a run beside another, where 50% reached 661, at the same detector
// ingest speed within noise (same-process alternating runs). A soft policy, unlike --max-old-space-size:
// a larger fleet still gets the memory it needs instead of crashing out of heap. Measured in BENCHMARKS.md.
// A process-wide setting, so the process decides: each entry point (the CLI, which serve and mcp run in,
// the desktop app's main process, the bench) calls it at start; the engine never changes process settings.
import { setFlagsFromString } from 'node:v8';

const HEAP_GROWING_PERCENT = 30;
let applied = false;

/** Sets the heap growth policy once per process (V8 reads it at each full collection). */
export function applyHeapPolicy(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
