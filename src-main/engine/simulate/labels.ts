// Ground-truth labels of simulated attacks: stored in sim_labels (once per label) and shown with ISO times.
import type { Db } from '../db/open';
import type { SimLabel } from './attacks/types';

export interface LabelView {
  attack: string;
  entity_type: string;
  entity_id: string;
  start: string;
  end: string;
  detail: Record<string, unknown>;
}

export const labelView = (l: SimLabel): LabelView => ({
  attack: l.attack, entity_type: l.entity_type, entity_id: l.entity_id, start: new Date(l.start_ts).toISOString(), end: new Date(l.end_ts).toISOString(), detail: l.detail,
});

/** Inserts the labels not already stored (a re-run of the same simulation adds none). Call inside the audited transaction. */
export function storeLabels(db: Db, labels: readonly SimLabel[]): number {
  const exists = db.prepare('SELECT 1 FROM sim_labels WHERE attack = ? AND entity_type = ? AND entity_id = ? AND start_ts = ? AND end_ts = ?').pluck();
  const insert = db.prepare('INSERT INTO sim_labels (attack, entity_type, entity_id, start_ts, end_ts, detail) VALUES (?, ?, ?, ?, ?, ?)');
  let added = 0;
  for (const l of labels) {
    if (exists.get(l.attack, l.entity_type, l.entity_id, l.start_ts, l.end_ts)) continue;
    insert.run(l.attack, l.entity_type, l.entity_id, l.start_ts, l.end_ts, JSON.stringify(l.detail));
    added++;
  }
  return added;
}
