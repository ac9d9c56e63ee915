// `audit.verify`: the chain walk plus its anchor. Checkpoints (the data folder's file and any copy the
// caller brings) catch what the chain alone cannot: rows cut from the end, and rows rewritten with
// their hashes recomputed. The audit key catches rows appended since the last checkpoint by someone without it.
import type { Checkpoint } from '@shared/contract/operations/audit-anchor';
import type { OpOutput } from '@shared/contract/index';
import type { AuditKey } from './audit-key';
import type { AuditStore } from './audit-store';
import { checkCheckpoints } from './checkpoint-file';
import { entryRange, walkChain } from './verify';

type Report = OpOutput<'audit.verify'>;
type Problem = Report['problems'][number];

export interface CheckpointSource {
  /** Where the lines came from, e.g. the file name. */
  name: string;
  lines: readonly unknown[];
}

const short = (h: string) => `${h.slice(0, 12)}…`;

export function verifyAudit(store: AuditStore, key: AuditKey, sources: readonly CheckpointSource[]): Report {
  const invalid: Problem[] = [];
  const anchored: { cp: Checkpoint; source: string }[] = [];
  for (const source of sources) {
    const checked = checkCheckpoints(source.lines, key);
    for (const bad of checked.invalid) invalid.push({ kind: 'checkpoint_invalid', first_seq: null, last_seq: null, source: source.name, message: `line ${bad.line} of ${source.name}: ${bad.why}` });
    for (const cp of checked.valid) anchored.push({ cp, source: source.name });
  }
  anchored.sort((a, b) => a.cp.seq - b.cp.seq);
  const last = anchored.at(-1) ?? null;

  const walk = walkChain(store, { key, legacyUntil: anchored[0]?.cp.seq });
  const problems: Problem[] = [...walk.problems.map((p) => ({ ...p, source: 'chain' })), ...invalid];
  const headSeq = walk.head?.seq ?? 0;
  const hashAt = (seq: number) => store.hashAt(seq);

  // Truncation: a checkpoint saw rows the chain no longer has at its end.
  if (last && last.cp.seq > headSeq) {
    problems.push({
      kind: 'truncated', first_seq: headSeq + 1, last_seq: last.cp.seq, source: last.source,
      message: `${entryRange(headSeq + 1, last.cp.seq)} missing: chain ends at ${headSeq}, checkpoint at ${last.cp.seq} (${last.cp.at}, ${last.source}); rows were deleted from the end (truncated)`,
    });
  }

  // Re-chaining: a checkpoint's row is still there but its hash changed, so it or a row before it was
  // rewritten and every hash after recomputed. The newest checkpoint that still matches bounds where.
  const present = anchored.filter((a) => a.cp.seq <= headSeq && a.cp.seq > 0);
  const mismatched = present.filter((a) => {
    const now = hashAt(a.cp.seq);
    return now !== undefined && now !== a.cp.hash;
  });
  if (mismatched.length) {
    const firstBad = mismatched[0];
    const newestBad = mismatched.at(-1)!;
    const lastGood = present.filter((a) => a.cp.seq < firstBad.cp.seq && hashAt(a.cp.seq) === a.cp.hash).at(-1);
    const from = lastGood ? lastGood.cp.seq + 1 : 1;
    const now = hashAt(newestBad.cp.seq) as string;
    problems.push({
      kind: 'rechained', first_seq: from, last_seq: firstBad.cp.seq, source: newestBad.source,
      message: `${entryRange(from, firstBad.cp.seq)} rewritten and re-hashed (re-chained): checkpoint at ${newestBad.cp.seq} (${newestBad.cp.at}, ${newestBad.source}) recorded hash ${short(newestBad.cp.hash)}, the chain now has ${short(now)}; ${lastGood ? `the last checkpoint that still matches is at ${lastGood.cp.seq}` : 'no earlier checkpoint still matches'}`,
    });
  }

  // Name forged rows relative to the anchor: after the last checkpoint they can only be appends.
  for (const p of problems) {
    if (p.kind === 'forged' && last && p.first_seq !== null && p.first_seq > last.cp.seq) p.message += ` after the last checkpoint at ${last.cp.seq}: a forged append`;
  }

  return {
    ok: problems.length === 0,
    entries: walk.rows,
    head: walk.head,
    signed_from: walk.signedFrom,
    checkpoints_checked: anchored.length,
    last_checkpoint: last?.cp ?? null,
    unanchored: Math.max(0, headSeq - (last?.cp.seq ?? 0)),
    problems,
  };
}
