// The colour a status speaks in, one place for the whole console: danger, warn, ok, info or neutral.
import type { AssetStatus, CallOutcome } from '@shared/domain/ai-assets';
import type { FirmwareStatus, Reputation, TrustLevel } from '@shared/domain/enums';

export type Tone = 'danger' | 'warn' | 'ok' | 'info' | 'neutral';

export const firmwareTone: Record<FirmwareStatus, Tone> = { current: 'ok', outdated: 'warn', eol: 'danger' };
export const trustTone: Record<TrustLevel, Tone> = { verified: 'ok', unverified: 'warn', untrusted: 'danger' };
export const reputationTone: Record<Reputation, Tone> = { malicious: 'danger', suspicious: 'warn', unknown: 'neutral', benign: 'ok' };
export const assetStatusTone: Record<AssetStatus, Tone> = { active: 'ok', idle: 'warn', retired: 'neutral' };
export const outcomeTone: Record<CallOutcome, Tone> = { ok: 'ok', error: 'danger', blocked: 'warn', redacted: 'warn', held: 'warn' };
