// Identity verification: cryptographic device identity, certificate freshness, enrollment, and for
// users, multi-factor authentication.
import type { EntityState } from './entity-state';
import { plural, type Factor } from './factor';

const DAY = 86_400_000;
const CERT_SOON_DAYS = 7;
const CERT_WARN_DAYS = 30;

export function identityFactors(s: EntityState, now: number): Factor[] {
  const out: Factor[] = [];
  const f = (factor: string, points: number, why: string) => out.push({ dimension: 'identity', factor, points, why });
  const d = s.device;
  if (d) {
    if (d.trust_level === 'untrusted') f('identity_untrusted', -70, 'device identity failed verification: it is marked untrusted');
    else if (d.trust_level === 'unverified') f('identity_unverified', -40, 'device identity not cryptographically verified');
    if (d.enrolled_at == null) f('not_enrolled', -30, 'device is not enrolled: no managed identity or certificate was issued to it');
    if (d.cert_expires_at != null) {
      const days = (d.cert_expires_at - now) / DAY;
      if (days <= 0) f('certificate_expired', -50, `device certificate expired ${plural(Math.max(1, Math.floor(-days)), 'day')} ago`);
      else if (days <= CERT_SOON_DAYS) f('certificate_expiring', -15, `device certificate expires in ${plural(Math.ceil(days), 'day')}`);
      else if (days <= CERT_WARN_DAYS) f('certificate_expiring', -5, `device certificate expires in ${plural(Math.ceil(days), 'day')}`);
    }
  }
  const u = s.user;
  if (u && u.enabled && !u.mfa_enrolled) f('mfa_not_enrolled', -40, 'user has no multi-factor authentication enrolled');
  return out;
}
