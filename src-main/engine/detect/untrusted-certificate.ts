// untrusted_certificate: a TLS session to a rare destination (few entities of the fleet use it)
// whose server certificate is self-signed (the sensor says so, or subject and issuer are the same)
// or was issued within the last days before the session: how C2 frameworks and phishing kits serve
// TLS (Metasploit generates a random self-signed certificate; fresh free certificates are minutes
// away). Certificates logged apart from their sessions (Zeek x509.log) are joined by fingerprint.
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { EntityStats } from '../baseline/entity-stats';
import { subject, type DetectContext, type Detector } from './types';

const DAY = 86_400_000;
/** A certificate younger than this at the session is "freshly issued" (Let's Encrypt renews at 60 of 90 days, so a routine renewal is rarely this young on a first visit). */
const FRESH_MS = 3 * DAY;
const MAX_REMEMBERED = 10_000;

interface Cert { subject?: string; issuer?: string; notBefore?: number; status?: string }
interface Session { ev: AttributedEvent; s: EntityStats }

export class UntrustedCertificateDetector implements Detector {
  readonly type = 'untrusted_certificate' as const;
  private readonly certs = new Map<string, Cert>();
  /** Sessions whose certificate facts have not been seen yet, by fingerprint. */
  private readonly waiting = new Map<string, Session[]>();

  onEvent(ev: AttributedEvent, s: EntityStats | null, ctx: DetectContext): void {
    if (ev.kind !== 'tls') return;
    const fp = ev.hash;
    if (ev.cert_subject !== undefined || ev.cert_issuer !== undefined || ev.cert_status !== undefined) {
      const cert: Cert = { subject: ev.cert_subject, issuer: ev.cert_issuer, notBefore: ev.cert_not_before, status: ev.cert_status };
      if (fp !== undefined) {
        if (this.certs.size >= MAX_REMEMBERED) this.certs.delete(this.certs.keys().next().value!);
        this.certs.set(fp, { ...this.certs.get(fp), ...definedOnly(cert) });
        const pending = this.waiting.get(fp);
        if (pending) {
          this.waiting.delete(fp);
          for (const p of pending) this.judge(p.ev, p.s, this.certs.get(fp)!, ctx);
        }
      }
      if (s && ev.dst_ip !== undefined) this.judge(ev, s, fp !== undefined ? this.certs.get(fp)! : cert, ctx);
      return;
    }
    if (!s || ev.dst_ip === undefined || fp === undefined) return;
    const known = this.certs.get(fp);
    if (known) return this.judge(ev, s, known, ctx);
    if (this.waiting.size >= MAX_REMEMBERED) this.waiting.delete(this.waiting.keys().next().value!);
    const list = this.waiting.get(fp) ?? [];
    if (list.length < 20) list.push({ ev, s });
    this.waiting.set(fp, list);
  }

  private judge(ev: AttributedEvent, s: EntityStats, cert: Cert, ctx: DetectContext): void {
    const dst = ev.dst_ip!;
    const users = ctx.fleet.entities(dst);
    if (users > ctx.cfg.c2.rare_max_entities) return;
    const selfSigned = (cert.status !== undefined && /self.signed/i.test(cert.status)) || (cert.subject !== undefined && cert.subject === cert.issuer);
    const age = cert.notBefore !== undefined ? ev.ts - cert.notBefore : undefined;
    const fresh = age !== undefined && age >= -DAY && age < FRESH_MS;
    if (!selfSigned && !fresh) return;
    const why = selfSigned ? `a self-signed certificate (${cert.subject ?? cert.status})` : `a certificate issued ${Math.max(0, Math.round(age! / 3_600_000))} h before the session (${cert.subject ?? '?'}, by ${cert.issuer ?? '?'})`;
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity: 'medium', confidence: selfSigned ? 0.6 : 0.5, detected_at: ev.ts,
      description: `${subject(s)} opened TLS to ${ev.server_name ? `${ev.server_name} (${dst})` : dst}:${ev.dst_port ?? 443}, a destination ${users <= 1 ? 'no other entity' : `only ${users} entities`} of the fleet use${users <= 1 ? 's' : ''}, presenting ${why}`,
      recommended_action: 'investigate', observed_destinations: [dst],
      evidence: { self_signed: selfSigned, certificate_age_h: age === undefined ? null : Math.round(age / 3_600_000), subject: cert.subject ?? null, issuer: cert.issuer ?? null, fingerprint: ev.hash ?? null, sni: ev.server_name ?? null, ja3: ev.ja3 ?? null, fleet_entities: users, event_ids: [ev.id] },
      dedupe_key: `${s.type}:${s.id}:untrusted_certificate:${dst}`,
    });
  }
}

function definedOnly(c: Cert): Cert {
  const out: Cert = {};
  if (c.subject !== undefined) out.subject = c.subject;
  if (c.issuer !== undefined) out.issuer = c.issuer;
  if (c.notBefore !== undefined) out.notBefore = c.notBefore;
  if (c.status !== undefined) out.status = c.status;
  return out;
}
