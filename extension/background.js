// Threatmatic service worker: queues what the content script reports (in chrome.storage.local, so a
// restart or a server that cannot be reached loses nothing; at most QUEUE_MAX events, oldest dropped) and
// sends it to the server URL set in the options page, with the org key in X-Org-Key. Retries every
// minute (chrome.alarms) and at each new event. Sends only domain, event type and PII category counts.
'use strict';
const QUEUE_MAX = 5000;
const BATCH = 500;
let chain = Promise.resolve();

function serial(fn) {
  const next = chain.then(fn, fn);
  chain = next.catch(function () {});
  return next;
}

function randomId() {
  const a = new Uint8Array(16);
  crypto.getRandomValues(a);
  return Array.from(a, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
}

async function settings() {
  const s = await chrome.storage.local.get(['serverUrl', 'orgKey', 'user', 'browserId']);
  if (!s.browserId) {
    s.browserId = randomId();
    await chrome.storage.local.set({ browserId: s.browserId });
  }
  return s;
}

function enqueue(event) {
  return serial(async function () {
    const q = (await chrome.storage.local.get('queue')).queue || [];
    q.push(event);
    if (q.length > QUEUE_MAX) q.splice(0, q.length - QUEUE_MAX);
    await chrome.storage.local.set({ queue: q });
  }).then(flush);
}

function flush() {
  return serial(async function () {
    const s = await settings();
    let q = (await chrome.storage.local.get('queue')).queue || [];
    if (!q.length) return { sent: 0, queued: 0 };
    if (!s.serverUrl || !s.orgKey) {
      await chrome.storage.local.set({ status: { at: new Date().toISOString(), ok: false, message: 'set the server URL and org key in the options' } });
      return { sent: 0, queued: q.length };
    }
    let sent = 0;
    try {
      while (q.length) {
        const batch = q.slice(0, BATCH);
        const body = { browser_id: s.browserId, events: batch };
        if (s.user) body.user = s.user;
        const res = await fetch(s.serverUrl.replace(/\/+$/, '') + '/api/v1/shadow-ai/extension/events', {
          method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Org-Key': s.orgKey }, body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error('server answered ' + res.status + ': ' + (await res.text()).slice(0, 200));
        q = q.slice(batch.length);
        sent += batch.length;
        await chrome.storage.local.set({ queue: q });
      }
      await chrome.storage.local.set({ status: { at: new Date().toISOString(), ok: true, message: 'sent ' + sent + ' events' } });
    } catch (err) {
      await chrome.storage.local.set({ status: { at: new Date().toISOString(), ok: false, message: String(err && err.message || err) + ' (kept in the queue)' } });
    }
    return { sent: sent, queued: q.length };
  });
}

chrome.runtime.onInstalled.addListener(function () {
  void settings();
  chrome.alarms.create('threatmatic-flush', { periodInMinutes: 1 });
});
chrome.runtime.onStartup.addListener(function () {
  chrome.alarms.create('threatmatic-flush', { periodInMinutes: 1 });
});
chrome.alarms.onAlarm.addListener(function (a) {
  if (a.name === 'threatmatic-flush') void flush();
});
chrome.runtime.onMessage.addListener(function (msg, _sender, reply) {
  if (msg && msg.kind === 'tm-event' && msg.event) { void enqueue(msg.event); return false; }
  if (msg && msg.kind === 'tm-flush') { void flush().then(reply); return true; }
  return false;
});
