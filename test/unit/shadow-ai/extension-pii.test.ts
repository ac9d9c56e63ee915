// The browser extension's PII detectors (extension/pii.js, loaded as the browser loads it): categories and
// counts only, Luhn and issuer prefix for cards, mod-97 for IBANs, well-known API key prefixes, PEM
// private key headers; ordinary prose and numbers that fail the checks count as nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

interface Pii { detect(text: string): Record<string, number>; luhn(d: string): boolean; ibanValid(s: string): boolean }
const sandbox: { ThreatmaticPii?: Pii } = {};
runInNewContext(readFileSync(join(__dirname, '../../../extension/pii.js'), 'utf8'), sandbox);
const P = sandbox.ThreatmaticPii as Pii;

describe('extension PII detectors', () => {
  it('finds cards by Luhn and issuer, not any 16 digits', () => {
    expect(P.detect('my card is 4111 1111 1111 1111, exp 12/29')).toEqual({ payment_card: 1 });
    expect(P.detect('cards 5500-0000-0000-0004 and 378282246310005')).toEqual({ payment_card: 2 });
    expect(P.detect('order 4111 1111 1111 1112 shipped')).toEqual({});
    expect(P.detect('tracking 1234567812345670')).toEqual({});
  });

  it('finds IBANs by mod-97, national ids, emails, phones, API keys and private keys', () => {
    expect(P.detect('pay to DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432')).toEqual({ iban: 2 });
    expect(P.detect('IBAN GB83WEST12345698765432')).toEqual({});
    expect(P.detect('SSN 123-45-6789, NINO AB 12 34 56 C')).toEqual({ national_id: 2 });
    expect(P.detect('mail alice@example.com and bob.smith+ai@corp.example.co.uk')).toEqual({ email: 2 });
    expect(P.detect('call me on +1 415 555 0132 or (415) 555-0199')).toEqual({ phone: 2 });
    expect(P.detect('export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE; OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345')).toEqual({ api_key: 2 });
    expect(P.detect('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----')).toEqual({ private_key: 1 });
  });

  it('finds nothing in prose, dates and versions', () => {
    expect(P.detect('Summarise the Q3 board minutes from 2026-05-21; we shipped v4.12.1 to 1,204 customers.')).toEqual({});
    expect(P.detect('')).toEqual({});
  });
});
