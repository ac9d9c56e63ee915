// DNS names learned since the last merge, appended in the order they were learned. Keyed by address,
// dns_names took a page per new pair once it outgrew a batch's pairs: ~105 of the ~470 pages a
// 1,000-event batch committed (and copied back at the next WAL checkpoint) on the bench's 3,000-device
// workload, which learns ~160 new pairs a batch. Appended here, a batch's pairs fill a few pages at the
// table's end; every few thousand pairs they are merged into dns_names in address order, so each of its
// pages is written once per merge instead of once per batch (dns-names.ts).
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 930,
  name: 'dns-learned',
  up: (db) => {
    db.exec('CREATE TABLE dns_learned (ip TEXT NOT NULL, name TEXT NOT NULL, last_seen INTEGER NOT NULL)');
  },
};
