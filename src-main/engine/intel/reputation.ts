// Reputation order and the one-byte codes the in-memory index stores per indicator id.
import { REPUTATIONS, type Reputation } from '@shared/domain/enums';

/**
 * Worst wins when feeds disagree: malicious > suspicious > unknown > benign. `unknown` ranks above
 * `benign` because a benign verdict is an allowlisting: it holds only when every feed vouches for it.
 * Code 0 means "no indicator with this id".
 */
export const REP_CODE: Readonly<Record<Reputation, number>> = { benign: 1, unknown: 2, suspicious: 3, malicious: 4 };
export const REP_BY_CODE: readonly (Reputation | undefined)[] = [undefined, 'benign', 'unknown', 'suspicious', 'malicious'];
/** Codes at or above this produce an intel hit when telemetry touches the indicator. */
export const HIT_MIN_CODE = REP_CODE.suspicious;

export function isReputation(s: string): s is Reputation {
  return (REPUTATIONS as readonly string[]).includes(s);
}

export function worstReputation(a: Reputation, b: Reputation): Reputation {
  return REP_CODE[a] >= REP_CODE[b] ? a : b;
}
