// Walks the audit chain and reports every row that was edited, inserted, removed or (with the audit
// key) written by someone who does not hold the key. Checkpoint comparisons live in verify-anchor.ts.
import type { AuditKey } from './audit-key';
import { GENESIS_HASH, rowDigest } from './audit-log';
import type { AuditStore } from './audit-store';

type ChainProblemKind = 'edited' | 'gap' | 'relinked' | 'forged';

interface ChainProblem {
  kind: ChainProblemKind;
  first_seq: number;
  last_seq: number;
  message: string;
}

export interface ChainWalk {
  rows: number;
  head: { seq: number; hash: string } | null;
  /** First row carrying a MAC; rows before it predate signing. */
  signedFrom: number | null;
  problems: ChainProblem[];
}

export interface WalkOptions {
  /** Check each row's MAC; without it only the hash chain is checked (e.g. an exported copy). */
  key?: AuditKey;
  /** Start after this row (a checkpoint) instead of at the genesis; rows from here on must be signed. */
  after?: { seq: number; hash: string };
  /** Unsigned rows (from before signing) are accepted up to this seq only: the first checkpoint's, since every row after one was written signed. */
  legacyUntil?: number;
}

/** Enough to name what is wrong without flooding the report when a whole range was rewritten. */
const MAX_PROBLEMS = 50;

/** 'entry 7' or 'entries 7-9'. */
export const entryRange = (a: number, b: number) => (a === b ? `entry ${a}` : `entries ${a}-${b}`);

export function walkChain(store: AuditStore, opts: WalkOptions = {}): ChainWalk {
  const { key, after, legacyUntil = Infinity } = opts;
  let prevHash = after?.hash ?? GENESIS_HASH;
  let expectedSeq = (after?.seq ?? 0) + 1;
  let rows = 0;
  let head: ChainWalk['head'] = null;
  let signedFrom: number | null = null;
  const problems: ChainProblem[] = [];
  let forged: { first: number; last: number } | null = null;
  const flushForged = () => {
    if (!forged) return;
    problems.push({ kind: 'forged', first_seq: forged.first, last_seq: forged.last, message: `${entryRange(forged.first, forged.last)} not signed with this installation's audit key: appended or rewritten outside Threatmatic (forged)` });
    forged = null;
  };
  const add = (p: ChainProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  for (const row of store.rowsAfter(after?.seq ?? 0)) {
    rows++;
    if (row.seq !== expectedSeq) add({ kind: 'gap', first_seq: expectedSeq, last_seq: row.seq - 1, message: `${entryRange(expectedSeq, row.seq - 1)} missing: sequence jumps from ${expectedSeq - 1} to ${row.seq}` });
    else if (row.prev_hash !== prevHash) add({ kind: 'relinked', first_seq: row.seq, last_seq: row.seq, message: `entry ${row.seq}: prev_hash does not match the previous row: a row was inserted, deleted or edited before it` });
    const { hash, mac, ...rest } = row;
    if (rowDigest(rest) !== hash) add({ kind: 'edited', first_seq: row.seq, last_seq: row.seq, message: `entry ${row.seq}: row content does not match its hash: the row was edited` });
    if (key) {
      const signed = mac !== null && mac !== undefined;
      if (signed && signedFrom === null) signedFrom = row.seq;
      // Unsigned rows are legacy only before the first signed one, and never after a checkpoint.
      const trusted = signed ? key.verify(hash, mac) : signedFrom === null && after === undefined && row.seq <= legacyUntil;
      if (!trusted) {
        if (forged && forged.last === row.seq - 1) forged.last = row.seq;
        else {
          flushForged();
          forged = { first: row.seq, last: row.seq };
        }
      }
    }
    prevHash = hash;
    expectedSeq = row.seq + 1;
    head = { seq: row.seq, hash };
  }
  flushForged();
  return { rows, head, signedFrom, problems: problems.slice(0, MAX_PROBLEMS) };
}

export interface ChainReport {
  ok: boolean;
  rows: number;
  /** First bad sequence number and why, when the chain is broken. */
  broken_at?: number;
  reason?: string;
}

/** The hash chain alone (and the MACs when given the key): ok, or the first problem. */
export function verifyAuditChain(store: AuditStore, key?: AuditKey): ChainReport {
  const walk = walkChain(store, { key });
  const first = walk.problems[0];
  return first ? { ok: false, rows: walk.rows, broken_at: first.first_seq, reason: first.message } : { ok: true, rows: walk.rows };
}
