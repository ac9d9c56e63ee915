// Each ingest commit's lock time and size, as ingest/commit-budget.ts's noteCommit logs them (at debug, or at
// info when a commit kept a writer waiting past the bound): a logger to hand the engine, and what it kept. `what`:
// a commit of batches of events, or the events-by-entity index catching up with them.
import { silentLogger, type Logger } from '../../src-main/engine/log';

export interface CommitLog {
  log: Logger;
  /** `batches`: how many batches the commit held; `waiterMs`: how long a writer of another process waited for it (null: none came). */
  commits: { ms: number; events: number; what: 'batch' | 'index'; batches: number; waiterMs: number | null }[];
}

export function commitLog(): CommitLog {
  const commits: CommitLog['commits'] = [];
  const note = (msg: string, fields?: Record<string, unknown>) => {
    if (msg.startsWith('ingest transaction') && typeof fields?.ms === 'number' && typeof fields.events === 'number') {
      commits.push({
        ms: fields.ms, events: fields.events, what: fields.what === 'index' ? 'index' : 'batch',
        batches: typeof fields.batches === 'number' ? fields.batches : 1, waiterMs: typeof fields.waiter_ms === 'number' ? fields.waiter_ms : null,
      });
    }
  };
  return { log: { ...silentLogger, debug: note, info: note }, commits };
}
