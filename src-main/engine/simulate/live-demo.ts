// The demo fleet's live telemetry: while a long-running process (serve, the desktop app) hosts a demo
// database, the same simulator keeps producing the same fleet's traffic past the seeded window, on the
// engine's clock, through the normal ingest path, so devices do not go falsely silent as time moves on.
import type { Actor } from '@shared/domain/actor';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import type { SqlRunner } from '../db/sql';
import { readSetting, writeSetting } from '../settings/settings-store';
import type { Clock } from '../clock';
import type { Ingestor } from '../ingest/ingestor';
import type { SimulationOptions } from './options';
import { simulationKey } from './options';
import { buildScenario } from './scenario';
import { generateTelemetry } from './telemetry';

const LIVE_DEMO_SETTING = 'demo.live';
/**
 * Telemetry is fed in whole slots of this length, each its own ingest source keyed by its start: a
 * restart or a crash between a slot's commit and the cursor's write re-feeds exactly the same slot, which
 * ingest then finds already ingested (or resumes). Five minutes of latency stays well under the shortest
 * silence unexpected_offline reports (detect config offline.min_silence_s, 15 min by default).
 */
export const LIVE_SLOT_MS = 5 * 60_000;
/** Slots fed per advance: after a long pause the fleet catches up over a few ticks instead of blocking one. */
const LIVE_MAX_SLOTS_PER_ADVANCE = 24;
/** The generator's window past the seeded one: it is lazy, so only the hours actually fed are generated. */
const LIVE_HOURS = 24 * 366 * 10;
const LIVE_DEMO_ACTOR: Actor = { type: 'system', id: 'demo-live' };

interface LiveState {
  options: SimulationOptions;
  /** Telemetry up to here (exclusive, epoch ms) has been fed; starts at the seeded window's end. */
  fed_until: number;
}

/** Marks a database as a demo whose fleet keeps reporting (called when the demo is seeded). */
export function registerLiveDemo(db: SqlRunner, options: SimulationOptions): void {
  writeState(db, { options, fed_until: options.end });
}

function readState(db: SqlRunner): LiveState | null {
  const raw = readSetting(db, LIVE_DEMO_SETTING);
  return raw ? (JSON.parse(raw) as LiveState) : null;
}

function writeState(db: SqlRunner, state: LiveState): void {
  writeSetting(db, LIVE_DEMO_SETTING, JSON.stringify(state));
}

export interface LiveAdvance {
  slots: number;
  events: number;
  fed_until: string;
  /** Whole slots remain to feed (a long pause is caught up over several advances): silence is not judged meanwhile. */
  behind: boolean;
}

/** What the feed needs of the engine (the engine itself fits): its clock, SQL layer and ingest path. */
export interface LiveDemoHost { clock: Clock; sql: SqlRunner; ingest: Pick<Ingestor, 'ingestEvents'> }

export class LiveDemoFeed {
  private readonly stream: Iterator<TelemetryEvent, void, undefined>;
  private next: TelemetryEvent | undefined;
  private readonly key: string;

  private constructor(private readonly engine: LiveDemoHost, private readonly state: LiveState) {
    const { options } = state;
    const scenario = buildScenario(options);
    // The seeded window's plan (attacks, the silent device, firmware rollbacks) carries on; its events all lie before the end.
    this.stream = generateTelemetry(scenario.fleet, { ...options, start: options.end, hours: LIVE_HOURS, plan: scenario.plan })[Symbol.iterator]();
    this.next = this.pull();
    this.key = simulationKey(options);
  }

  /** The feed of a demo database, or null when the database holds no demo fleet. */
  static resume(engine: LiveDemoHost): LiveDemoFeed | null {
    const state = readState(engine.sql);
    return state ? new LiveDemoFeed(engine, state) : null;
  }

  get fedUntil(): number {
    return this.state.fed_until;
  }

  /** Feeds every whole slot that ended by `now` (at most LIVE_MAX_SLOTS_PER_ADVANCE of them). */
  advance(now: number = this.engine.clock.now()): LiveAdvance {
    let slots = 0;
    let events = 0;
    while (this.state.fed_until + LIVE_SLOT_MS <= now && slots < LIVE_MAX_SLOTS_PER_ADVANCE) {
      const from = this.state.fed_until;
      const to = from + LIVE_SLOT_MS;
      const batch = this.take(from, to);
      const summary = this.engine.ingest.ingestEvents(batch, {
        actor: LIVE_DEMO_ACTOR, sourceKey: `demo-live:${this.key}:${from}`,
        label: `demo fleet live telemetry ${new Date(from).toISOString()} to ${new Date(to).toISOString()}`,
      });
      this.state.fed_until = to;
      writeState(this.engine.sql, this.state);
      slots++;
      events += summary.events;
    }
    return { slots, events, fed_until: new Date(this.state.fed_until).toISOString(), behind: this.state.fed_until + LIVE_SLOT_MS <= now };
  }

  /** The fleet's events in [from, to); earlier ones (fed before a restart) are passed over. */
  private take(from: number, to: number): TelemetryEvent[] {
    const out: TelemetryEvent[] = [];
    while (this.next !== undefined && this.next.ts < to) {
      if (this.next.ts >= from) out.push(this.next);
      this.next = this.pull();
    }
    return out;
  }

  private pull(): TelemetryEvent | undefined {
    const r = this.stream.next();
    return r.done ? undefined : r.value;
  }
}
