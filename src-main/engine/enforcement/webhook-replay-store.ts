// The enforcement webhook's replay guard (enforcement_webhook_replays): its one owner. A signed report is
// claimed by its signature inside the transaction that records it, so the same signed request is recorded
// once, in any process; rows are pruned once their timestamp window has passed.
import { sql, type SqlRunner } from '../db/sql';

export class WebhookReplayStore {
  constructor(private readonly q: SqlRunner) {}

  /** Claims a signature for its endpoint; false when it was accepted before (a replay). Call inside the report's transaction. */
  claim(endpointId: string, signature: string, now: number, expiresAt: number): boolean {
    return this.q.run(sql`INSERT OR IGNORE INTO enforcement_webhook_replays (endpoint_id, signature, accepted_at, expires_at)
      VALUES (${endpointId}, ${signature.toLowerCase()}, ${now}, ${expiresAt})`, 'enforcement.replayClaim').changes === 1;
  }

  /** Forgets signatures whose window has passed; returns how many. */
  prune(now: number): number {
    return this.q.run(sql`DELETE FROM enforcement_webhook_replays WHERE expires_at < ${now}`, 'enforcement.replayPrune').changes;
  }

  count(): number {
    return this.q.value<number>(sql`SELECT COUNT(*) FROM enforcement_webhook_replays`, 'enforcement.replayCount')!;
  }
}
