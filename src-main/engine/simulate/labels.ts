// Ground-truth labels of simulated attacks: stored in sim_labels (once per label) and shown with ISO times.
import { sql, type SqlRunner } from '../db/sql';
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

/** Every stored label's attack, entity and window (the detection evaluation's ground truth). */
export function storedLabels(db: SqlRunner): { attack: string; entity_type: string; entity_id: string; start_ts: number; end_ts: number }[] {
  return db.all<{ attack: string; entity_type: string; entity_id: string; start_ts: number; end_ts: number }>(sql`SELECT attack, entity_type, entity_id, start_ts, end_ts FROM sim_labels`, 'sim_labels.all');
}

/** Inserts the labels not already stored (a re-run of the same simulation adds none). Call inside the audited transaction. */
export function storeLabels(db: SqlRunner, labels: readonly SimLabel[]): number {
  let added = 0;
  for (const l of labels) {
    if (db.value(sql`SELECT 1 FROM sim_labels WHERE attack = ${l.attack} AND entity_type = ${l.entity_type} AND entity_id = ${l.entity_id} AND start_ts = ${l.start_ts} AND end_ts = ${l.end_ts}`)) continue;
    db.run(sql`INSERT INTO sim_labels (attack, entity_type, entity_id, start_ts, end_ts, detail) VALUES (${l.attack}, ${l.entity_type}, ${l.entity_id}, ${l.start_ts}, ${l.end_ts}, ${JSON.stringify(l.detail)})`);
    added++;
  }
  return added;
}
