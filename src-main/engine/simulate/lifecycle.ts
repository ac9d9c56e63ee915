// Enrolment, certificate, trust and firmware state of a simulated device: mostly healthy, with a realistic minority
// of unverified/untrusted identities, expiring or expired certificates, and outdated or end-of-life firmware.
import type { FirmwareStatus, TrustLevel } from '@shared/domain/enums';
import type { ModelSpec } from './catalog';
import type { Rng } from './prng';

const DAY = 86_400_000;

export interface Lifecycle {
  firmware_version: string;
  firmware_status: FirmwareStatus;
  enrolled_at: string;
  trust_level: TrustLevel;
  cert_expires_at?: string;
}

export function deviceLifecycle(rng: Rng, spec: ModelSpec, reference: number): Lifecycle {
  let firmware_status = rng.weighted<FirmwareStatus>([['current', 80], ['outdated', 16], ['eol', 4]]);
  if (firmware_status === 'eol' && spec.eol.length === 0) firmware_status = 'outdated';
  const versions = firmware_status === 'current' ? spec.current : firmware_status === 'outdated' ? spec.outdated : spec.eol;
  const trust_level = rng.weighted<TrustLevel>([['verified', 85], ['unverified', 12], ['untrusted', 3]]);
  // Enrolled on a working day, in office hours, between a month and two and a half years ago.
  const enrolledDay = Math.floor((reference - rng.int(30, 900) * DAY) / DAY) * DAY;
  const enrolled = enrolledDay + rng.int(8 * 60, 17 * 60) * 60_000 + rng.int(0, 59) * 1000;
  let cert: number | undefined;
  if (trust_level === 'verified') {
    // Mostly valid for months; a few expire within the next month (the posture engine should notice).
    cert = reference + (rng.chance(0.05) ? rng.int(1, 30) : rng.int(31, 700)) * DAY;
  } else if (rng.chance(0.6)) {
    // Unverified and untrusted devices often carry an expired or soon-expiring certificate, or none.
    cert = reference + rng.int(-200, 20) * DAY;
  }
  return {
    firmware_version: rng.pick(versions),
    firmware_status,
    enrolled_at: new Date(enrolled).toISOString(),
    trust_level,
    cert_expires_at: cert === undefined ? undefined : new Date(Math.floor(cert / 60_000) * 60_000).toISOString(),
  };
}
