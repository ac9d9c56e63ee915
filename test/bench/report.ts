// The shape every benchmark returns, so index.ts can print one table and BENCHMARKS.md can be written from it.

export interface BenchResult {
  /** What was measured, e.g. 'ingest canonical JSONL (intel on)'. */
  name: string;
  value: number;
  unit: string;
  /** The target from the issue, as text (e.g. '>= 150000'), when there is one. */
  target?: string;
  /** Whether the target was met (informational: benchmarks never fail the build). */
  met?: boolean;
  note?: string;
}

export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2);
}

export function rssMiB(): number {
  return process.memoryUsage().rss / 1048576;
}
