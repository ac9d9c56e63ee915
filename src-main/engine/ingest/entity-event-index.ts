// Events by entity (entity_events, migration 0900), filled behind the ingest: every INDEX_EVERY events, in a
// transaction of its own between batches, and when an ingest ends. A batch of 1,000 events on a fleet of
// thousands touches about as many entities, and indexing it inside the batch wrote one index leaf per entity
// (most of each commit's pages). Filled as one sorted run of 20,000 events, each entity's leaf is written
// once for many events: in same-run pairs, ingest with every detector ran 12–27% faster, with shorter commits.
// Readers never miss an event: what is past the mark (at most a few fills' worth) is found by scanning the
// tail of events, whose ids only grow.
import { isBusyError } from '../db/busy';
import { sql, type SqlFragment, type SqlRunner } from '../db/sql';
import type { Logger } from '../log';

/** Events stored past the mark before an ingest indexes them. */
export const INDEX_EVERY = 20_000;

/** The mark: every event with an id up to it is in entity_events. */
const MARK = sql`SELECT through FROM entity_events_mark WHERE id = 1`;

/**
 * A condition on `events` rows: the event is the entity's (null: unattributed) and its time is in [since, until).
 * The indexed events come from entity_events, those past the mark from the tail of events.
 */
export function eventsOfEntity(entityId: string | null, since: number, until: number): SqlFragment {
  const own = entityId === null ? sql`entity_id IS NULL` : sql`entity_id = ${entityId}`;
  // `+ts`: the tail is read by id from the mark on; the planner would otherwise scan the whole range by events(ts).
  return sql`id IN (SELECT id FROM entity_events WHERE entity_id = ${entityId ?? ''} AND ts >= ${since} AND ts < ${until}
    UNION ALL SELECT id FROM events WHERE id > (${MARK}) AND ${own} AND +ts >= ${since} AND +ts < ${until})`;
}

export class EntityEventIndex {
  constructor(private readonly runner: SqlRunner, private readonly log: Logger) {}

  /** The id the next stored event takes: past every stored event and the mark, so no new event falls behind it. */
  nextEventId(): number {
    return (this.runner.value<number>(sql`SELECT MAX(COALESCE((SELECT MAX(id) FROM events), 0), (${MARK}))`, 'entity_index.next_id') ?? 0) + 1;
  }

  /** How many stored events are past the mark. */
  behind(): number {
    return this.runner.value<number>(sql`SELECT COALESCE((SELECT MAX(id) FROM events), 0) - (${MARK})`, 'entity_index.behind') ?? 0;
  }

  /** Indexes every event past the mark (inside the caller's write transaction); returns how many. */
  catchUp(): number {
    const through = this.runner.value<number>(MARK, 'entity_index.mark') ?? 0;
    const top = this.runner.value<number | null>(sql`SELECT MAX(id) FROM events`, 'entity_index.top') ?? through;
    if (top <= through) return 0;
    const added = this.runner.run(sql`INSERT INTO entity_events SELECT COALESCE(entity_id, ''), ts, id FROM events WHERE id > ${through} AND id <= ${top} ORDER BY 1, 2, 3`, 'entity_index.catch_up').changes;
    this.runner.run(sql`UPDATE entity_events_mark SET through = ${top} WHERE id = 1`, 'entity_index.move_mark');
    return added;
  }

  /**
   * Catches up in a write transaction of its own when at least `min` events wait; returns its lock time in ms
   * and how many events it indexed, or null when it did not run. Another process holding the lock is no fault:
   * a later commit or ingest fills in, and readers find the events meanwhile.
   */
  catchUpIfBehind(min: number): { ms: number; events: number } | null {
    if (this.behind() < Math.max(1, min)) return null;
    this.runner.turns.yieldTurn();
    let locked = 0;
    try {
      const events = this.runner.immediate(() => {
        locked = performance.now();
        return this.catchUp();
      });
      return { ms: performance.now() - locked, events };
    } catch (err) {
      if (!isBusyError(err)) throw err;
      this.log.info('events by entity: another process holds the write lock; indexed later');
      return null;
    }
  }

  /** Unattributed events from `since` on, counted up to `cap`. */
  countUnattributedSince(since: number, cap: number): number {
    const indexed = this.runner.value<number>(sql`SELECT COUNT(*) FROM (SELECT 1 FROM entity_events WHERE entity_id = '' AND ts >= ${since} LIMIT ${cap})`, 'telemetry.unattributedSince') ?? 0;
    if (indexed >= cap) return cap;
    return indexed + (this.runner.value<number>(sql`SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE id > (${MARK}) AND entity_id IS NULL AND +ts >= ${since} LIMIT ${cap - indexed})`, 'telemetry.unattributedSinceTail') ?? 0);
  }

  /** Every unattributed event. */
  countUnattributed(): number {
    return this.runner.value<number>(sql`SELECT (SELECT COUNT(*) FROM entity_events WHERE entity_id = '')
      + (SELECT COUNT(*) FROM events WHERE id > (${MARK}) AND entity_id IS NULL)`, 'telemetry.unattributed') ?? 0;
  }

  /** Drops the entries of the events `ids` selects (retention deletes those events in the same transaction). */
  forget(ids: SqlFragment): void {
    this.runner.run(sql`DELETE FROM entity_events WHERE (entity_id, ts, id) IN (SELECT COALESCE(entity_id, ''), ts, id FROM events WHERE id IN (${ids}))`, 'entity_index.forget');
  }
}
