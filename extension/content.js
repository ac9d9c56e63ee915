// Threatmatic content script, on the AI services of the catalogue only (manifest matches). Reports a visit,
// and PII categories with counts (never the text or the values) found in text typed, pasted, or in a text
// file chosen or dropped for upload. Detection runs here, in the page's process; the service worker queues
// and sends. Typing costs one Set.add per input event: the text is examined after a pause.
(function () {
  'use strict';
  const P = globalThis.ThreatmaticPii;
  const domain = location.hostname;
  const TYPING_PAUSE_MS = 700;
  const MAX_FILE = 2 * 1024 * 1024;
  const TEXT_FILE = /\.(txt|csv|tsv|json|md|log|xml|ya?ml|html?|eml|sql|py|js|ts|java|go|rb|env|ini|conf|pem|key)$/i;

  function send(type, pii) {
    const event = { ts: new Date().toISOString(), domain: domain, type: type };
    if (pii) event.pii = pii;
    try { chrome.runtime.sendMessage({ kind: 'tm-event', event: event }); } catch (e) { /* extension reloaded */ }
  }

  send('visit');

  const reported = new WeakMap();
  const pending = new Set();
  const baseline = new WeakSet();
  let timer = 0;

  function textOf(el) {
    if (!el) return '';
    if (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type !== 'password' && el.type !== 'file')) return el.value || '';
    if (el.isContentEditable) return el.innerText || '';
    return '';
  }

  function flush() {
    timer = 0;
    pending.forEach(function (el) {
      const counts = P.detect(textOf(el));
      const prev = reported.get(el) || {};
      reported.set(el, counts);
      if (baseline.has(el)) { baseline.delete(el); return; }
      const inc = {};
      let any = false;
      for (const k in counts) if (counts[k] > (prev[k] || 0)) { inc[k] = counts[k] - (prev[k] || 0); any = true; }
      if (any) send('pii_typed', inc);
    });
    pending.clear();
  }

  document.addEventListener('input', function (e) {
    const el = e.target;
    if (!el || el.type === 'file') return;
    pending.add(el);
    if (!timer) timer = setTimeout(flush, TYPING_PAUSE_MS);
  }, true);

  document.addEventListener('paste', function (e) {
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (!text) return;
    // What was typed before is judged now; the field's next look only takes the pasted text as known.
    if (pending.size) { clearTimeout(timer); flush(); }
    if (e.target) baseline.add(e.target);
    const counts = P.detect(text);
    if (P.any(counts)) send('pii_pasted', counts);
  }, true);

  function files(list) {
    for (let i = 0; i < (list ? list.length : 0); i++) {
      const f = list[i];
      if (f.size > MAX_FILE || !(f.type.indexOf('text/') === 0 || f.type === 'application/json' || TEXT_FILE.test(f.name))) continue;
      f.text().then(function (text) {
        const counts = P.detect(text);
        if (P.any(counts)) send('pii_uploaded', counts);
      }, function () { /* unreadable: nothing to report */ });
    }
  }
  document.addEventListener('change', function (e) {
    if (e.target && e.target.type === 'file') files(e.target.files);
  }, true);
  document.addEventListener('drop', function (e) {
    if (e.dataTransfer) files(e.dataTransfer.files);
  }, true);
})();
