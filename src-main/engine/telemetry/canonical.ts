// Our canonical telemetry format (docs/telemetry-schema.md): one JSON object a line, the
// TelemetryEvent shape with `ts` as ISO 8601. The simulator writes it; the ingest parser reads it.
import type { TelemetryEvent } from '@shared/domain/telemetry';

export function toCanonicalLine(ev: TelemetryEvent): string {
  return JSON.stringify({ ...ev, ts: new Date(ev.ts).toISOString() });
}
