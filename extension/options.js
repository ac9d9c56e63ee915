// The options page: the server URL, org key and (optional) user name the extension reports with, and
// what the queue holds and how the last send went.
'use strict';
const fields = ['serverUrl', 'orgKey', 'user'];

async function show() {
  const s = await chrome.storage.local.get(['queue', 'status']);
  const q = (s.queue || []).length;
  const st = s.status ? (s.status.ok ? 'Last send OK' : 'Last send failed') + ' at ' + s.status.at + ': ' + s.status.message : 'Nothing sent yet';
  document.getElementById('status').textContent = q + ' events queued. ' + st;
}

document.addEventListener('DOMContentLoaded', async function () {
  const s = await chrome.storage.local.get(fields);
  fields.forEach(function (f) { document.getElementById(f).value = s[f] || ''; });
  await show();
});

document.getElementById('form').addEventListener('submit', async function (e) {
  e.preventDefault();
  const v = {};
  fields.forEach(function (f) { v[f] = document.getElementById(f).value.trim(); });
  await chrome.storage.local.set(v);
  document.getElementById('status').textContent = 'Saved.';
  await chrome.runtime.sendMessage({ kind: 'tm-flush' });
  await show();
});

document.getElementById('send').addEventListener('click', async function () {
  await chrome.runtime.sendMessage({ kind: 'tm-flush' });
  await show();
});

chrome.storage.onChanged.addListener(function () { void show(); });
