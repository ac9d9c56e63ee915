// Writes checkpoints of the audit chain head on its own: every N entries, on the scheduler's period,
// and when a process that wrote to the log (or runs in the background) closes; and on demand.
// A checkpoint only ever anchors rows that verify: it is refused while the chain since the previous one does not.
import type { Checkpoint, CHECKPOINT_REASONS } from '@shared/contract/operations/audit-anchor';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import type { Clock, ScheduledTask, Scheduler } from '../clock';
import { UserError } from '../errors';
import type { Logger } from '../log';
import { GENESIS_HASH, type AuditLog } from './audit-log';
import { appendCheckpointLine, lastCheckpointLine, readJsonLines, signCheckpoint } from './checkpoint-file';
import { entryRange, walkChain } from './verify';

export interface CheckpointPolicy {
  /** A checkpoint once this many entries were appended since the last one. */
  everyEntries: number;
  /** A checkpoint on this period (when the head moved) in a long-running process. */
  intervalMs: number;
}

const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everyEntries: 100, intervalMs: 10 * 60_000 };

type Reason = (typeof CHECKPOINT_REASONS)[number];

export interface CheckpointerDeps {
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  /** The checkpoints file; null for an in-memory database, whose checkpoints stay in memory with it. */
  file: string | null;
  policy?: Partial<CheckpointPolicy>;
}

export class AuditCheckpointer {
  private readonly policy: CheckpointPolicy;
  private readonly memory: Checkpoint[] = [];
  private last: Checkpoint | null | undefined;
  private queued = false;
  private wrote = false;
  private timer: ScheduledTask | null = null;

  constructor(private readonly deps: CheckpointerDeps) {
    this.policy = { ...DEFAULT_CHECKPOINT_POLICY, ...deps.policy };
    deps.audit.onAppend((row) => this.noteAppend(row.seq));
  }

  get file(): string | null {
    return this.deps.file;
  }

  /** Every checkpoint this engine can see: the file's lines (as written, for verify to check) or the in-memory list. */
  lines(): unknown[] {
    return this.deps.file ? readJsonLines(this.deps.file) : [...this.memory];
  }

  /** A long-running process: checkpoints on the scheduler's period too, and at close. */
  start(scheduler: Scheduler): void {
    this.timer ??= scheduler.every(this.policy.intervalMs, () => this.auto('timer'));
  }

  /** The last checkpoint, on close, when this process wrote entries or ran in the background. */
  close(): void {
    const background = this.timer !== null;
    this.timer?.cancel();
    this.timer = null;
    if (background || this.wrote) this.auto('shutdown');
  }

  /**
   * `audit.checkpoint`: one now, whether or not the head moved; refused (saying why) when the chain does
   * not verify. The request is itself an entry of the log, under its actor, and the checkpoint covers it.
   */
  take(actor: Actor): Checkpoint {
    const cp = this.write('manual', actor);
    if (!cp) throw new UserError('conflict', 'cannot checkpoint inside an open transaction; try again');
    return cp;
  }

  private noteAppend(seq: number): void {
    this.wrote = true;
    if (this.queued || seq - (this.lastWritten()?.seq ?? 0) < this.policy.everyEntries) return;
    this.queued = true;
    // The row is not committed yet (append runs inside its change's transaction): write once the
    // current synchronous work, and with it that transaction, has finished.
    queueMicrotask(() => {
      this.queued = false;
      this.auto('entries');
    });
  }

  private auto(reason: Reason): void {
    try {
      this.write(reason);
    } catch (err) {
      this.deps.log.error('audit checkpoint not written', { reason, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private lastWritten(): Checkpoint | null {
    if (this.last === undefined) this.last = this.deps.file ? lastCheckpointLine(this.deps.file, this.deps.audit.key) : null;
    return this.last;
  }

  private write(reason: Reason, actor?: Actor): Checkpoint | null {
    const { audit, clock, file } = this.deps;
    if (!audit.store.sql.open || audit.store.sql.inTransaction) return null;
    // Another process may have written one since: start from the file's latest.
    this.last = undefined;
    const prev = this.lastWritten();
    let head = this.readHead();
    if (reason !== 'manual' && prev && prev.seq === head.seq && prev.hash === head.hash) return null;
    this.assertVerifiesSince(prev, head.seq);
    if (actor) {
      audit.append({ actor, action: 'audit.checkpoint', params: {}, outcome: 'ok', detail: { previous_checkpoint: prev ? { seq: prev.seq, at: prev.at } : null } });
      head = this.readHead();
    }
    const cp = signCheckpoint(audit.key, {
      v: 1, seq: head.seq, hash: head.hash,
      // A running count: the previous checkpoint's plus the rows since (assertVerifiesSince made sure it still stands).
      entries: (prev?.entries ?? 0) + audit.store.countAfter(prev?.seq ?? 0),
      row_ts: isoOrNull(head.ts), at: new Date(clock.now()).toISOString(), reason,
    });
    if (file) appendCheckpointLine(file, cp);
    else this.memory.push(cp);
    this.last = cp;
    return cp;
  }

  private readHead(): { seq: number; hash: string; ts: number | null } {
    return this.deps.audit.store.head() ?? { seq: 0, hash: GENESIS_HASH, ts: null };
  }

  /** The previous checkpoint's row is unchanged and every row since links and is signed; else nothing is anchored. */
  private assertVerifiesSince(prev: Checkpoint | null, headSeq: number): void {
    const fail = (why: string) => {
      throw new UserError('conflict', `the audit log does not verify since the last checkpoint, so it is not anchored: ${why}; run \`threatmatic audit verify\``);
    };
    if (prev && prev.seq > 0) {
      if (prev.seq > headSeq) fail(`${entryRange(headSeq + 1, prev.seq)} missing: chain ends at ${headSeq}, checkpoint at ${prev.seq}`);
      const now = this.deps.audit.store.hashAt(prev.seq);
      if (now !== prev.hash) fail(`entry ${prev.seq} no longer has the hash the checkpoint recorded`);
    }
    const walk = walkChain(this.deps.audit.store, { key: this.deps.audit.key, ...(prev && prev.seq > 0 ? { after: { seq: prev.seq, hash: prev.hash } } : {}) });
    if (walk.problems.length) fail(walk.problems[0].message);
  }
}
