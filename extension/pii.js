// PII category detectors of the Threatmatic browser extension. Runs in the page's own process (content
// script); returns categories with counts, never the values. Also loaded by the server's tests and bench.
// Categories: email, phone, payment_card (Luhn + issuer prefix), national_id (US SSN, UK NINO), iban
// (ISO 13616 mod-97), api_key (well-known key prefixes), private_key (PEM header).
(function (root) {
  'use strict';
  const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
  const PHONE = /(?:\+|\b00)\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}\b|\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b/g;
  const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
  const SSN = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g;
  const NINO = /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;
  const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
  const API_KEY = /\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20,}|sk_live_[A-Za-z0-9]{20,}|hf_[A-Za-z0-9]{30,})/g;
  const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g;
  // A quick test before any pattern: text without a digit, '@' or '-----' has none of these.
  const MAYBE = /[0-9@]|-----|AIza|sk-|gh[pousr]_|xox/;

  function luhn(digits) {
    let sum = 0;
    let dbl = false;
    for (let i = digits.length - 1; i >= 0; i--) {
      let d = digits.charCodeAt(i) - 48;
      if (dbl) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 === 0;
  }

  /** Issuer prefixes (IIN ranges) of the major card networks, with their lengths. */
  function cardIssuer(d) {
    const n = d.length;
    const two = +d.slice(0, 2);
    const four = +d.slice(0, 4);
    if (d[0] === '4') return n === 13 || n === 16 || n === 19;
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return n === 16;
    if (two === 34 || two === 37) return n === 15;
    if (d.slice(0, 4) === '6011' || two === 65 || (+d.slice(0, 3) >= 644 && +d.slice(0, 3) <= 649)) return n >= 16 && n <= 19;
    if (four >= 3528 && four <= 3589) return n >= 16 && n <= 19;
    if (two === 36 || two === 38 || two === 39 || (+d.slice(0, 3) >= 300 && +d.slice(0, 3) <= 305)) return n >= 14 && n <= 19;
    if (two === 62) return n >= 16 && n <= 19;
    return false;
  }

  function ibanValid(raw) {
    const s = raw.replace(/ /g, '');
    if (s.length < 15 || s.length > 34) return false;
    const r = s.slice(4) + s.slice(0, 4);
    let rem = 0;
    for (let i = 0; i < r.length; i++) {
      const c = r.charCodeAt(i);
      const v = c >= 65 ? String(c - 55) : r[i];
      for (let j = 0; j < v.length; j++) rem = (rem * 10 + (v.charCodeAt(j) - 48)) % 97;
    }
    return rem === 1;
  }

  function count(re, text, valid) {
    re.lastIndex = 0;
    let n = 0;
    let m;
    while ((m = re.exec(text)) !== null) if (!valid || valid(m[0])) n++;
    return n;
  }

  /** Counts the matches of `re` that pass `valid`, and blanks them in `mask` (so phones do not count them again). */
  function take(re, text, valid, mask) {
    re.lastIndex = 0;
    let n = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
      if (valid && !valid(m[0])) continue;
      n++;
      mask.s = mask.s.slice(0, m.index) + ' '.repeat(m[0].length) + mask.s.slice(m.index + m[0].length);
    }
    return n;
  }

  function cardValid(m) {
    const d = m.replace(/[ -]/g, '');
    return d.length >= 13 && d.length <= 19 && cardIssuer(d) && luhn(d);
  }

  /** PII categories in `text` with their counts; {} when there are none. */
  function detect(text) {
    const out = {};
    if (!text || !MAYBE.test(text)) return out;
    const mask = { s: text };
    let n = take(CARD, text, cardValid, mask);
    if (n) out.payment_card = n;
    n = take(IBAN, text, ibanValid, mask);
    if (n) out.iban = n;
    n = take(SSN, text, null, mask) + take(NINO, text, null, mask);
    if (n) out.national_id = n;
    n = take(API_KEY, text, null, mask);
    if (n) out.api_key = n;
    n = count(EMAIL, text);
    if (n) out.email = n;
    n = count(PRIVATE_KEY, text);
    if (n) out.private_key = n;
    // Phones in what is left: a card, IBAN or id number is not also a phone number.
    n = count(PHONE, mask.s, function (m) { const d = m.replace(/\D/g, ''); return d.length >= 9 && d.length <= 15; });
    if (n) out.phone = n;
    return out;
  }

  function any(counts) {
    for (const k in counts) if (counts[k] > 0) return true;
    return false;
  }

  root.ThreatmaticPii = { detect: detect, any: any, luhn: luhn, ibanValid: ibanValid };
})(typeof globalThis !== 'undefined' ? globalThis : this);
