// Scores the anomalies in a database against the simulator's ground truth (sim_labels): per attack,
// labels detected and missed (recall); per detector, detections that are true, related or false
// (precision), and false positives per 1,000 entity-days. Used by the accuracy benchmark and tests.
import { ANOMALY_TYPES, type AnomalyType } from '@shared/domain/enums';
import type { AnomalyStore } from '../anomalies/anomaly-store';
import type { SqlRunner } from '../db/sql';
import type { Inventory } from '../inventory/inventory';
import { storedLabels } from '../simulate/labels';
import { vulnerabilitiesOf } from './firmware-catalogue';

/** The detector that must catch each simulated attack, and detections that are consequences of it. */
const ATTACK_DETECTORS: Record<string, { primary: AnomalyType; related: AnomalyType[] }> = {
  'lateral-movement': { primary: 'lateral_movement_attempt', related: [] },
  'c2-beacon': { primary: 'c2_beaconing', related: ['ioc_contact', 'new_external_destination'] },
  bruteforce: { primary: 'auth_bruteforce', related: ['impossible_travel', 'new_device_login'] },
  'device-silent': { primary: 'unexpected_offline', related: [] },
  'eol-firmware': { primary: 'firmware_eol', related: ['firmware_vulnerable'] },
};

/** A detection may precede its label's start by this much (windows end before the label's last event) and follow its end by this much. */
const EARLY_MS = 5 * 60_000;
const LATE_MS = 2 * 3_600_000;
const DAY = 86_400_000;

interface AttackScore { attack: string; labels: number; detected: number; missed: string[]; recall: number; first_detection_delay_s: number[] }
interface DetectorScore { type: AnomalyType; detections: number; true_positives: number; related: number; false_positives: number; precision: number | null; false_examples: string[] }
export interface Evaluation { attacks: AttackScore[]; detectors: DetectorScore[]; entity_days: number; false_positives: number; fp_per_1000_entity_days: number }

interface Label { attack: string; entity_type: string; entity_id: string; start_ts: number; end_ts: number }
interface Row { type: AnomalyType; entity_type: string; entity_id: string; detected_at: number; description: string }

/** What the scoring reads: the ground truth, the anomalies detected and the inventory (an Engine has all three). */
export interface EvaluationSources { sql: SqlRunner; inventory: Pick<Inventory, 'allFirmwareFacts' | 'count'>; anomalies: Pick<AnomalyStore, 'detectedBetween'> }

export function evaluateDetections(src: EvaluationSources, window: { start: number; end: number }): Evaluation {
  const { inventory } = src;
  const labels: Label[] = storedLabels(src.sql);
  const rows: Row[] = src.anomalies.detectedBetween(window.start, window.end + LATE_MS);
  const devices = new Map(inventory.allFirmwareFacts().map((d) => [d.device_id, d]));
  const inWindow = (r: Row, l: Label) => r.entity_id === l.entity_id && r.detected_at >= l.start_ts - EARLY_MS && r.detected_at <= l.end_ts + LATE_MS;

  const attacks: AttackScore[] = Object.entries(ATTACK_DETECTORS).flatMap(([attack, { primary }]) => {
    const ls = labels.filter((l) => l.attack === attack);
    if (ls.length === 0) return [];
    const hits = ls.map((l) => rows.filter((r) => r.type === primary && inWindow(r, l)).sort((a, b) => a.detected_at - b.detected_at)[0]);
    const detected = hits.filter(Boolean).length;
    return [{
      attack, labels: ls.length, detected, missed: ls.filter((_, i) => !hits[i]).map((l) => l.entity_id), recall: detected / ls.length,
      first_detection_delay_s: hits.flatMap((h, i) => (h ? [Math.round((h.detected_at - ls[i].start_ts) / 1000)] : [])),
    }];
  });

  // What the inventory itself says is true, for the firmware detectors (fleets have old devices besides the attack).
  const inventoryTruth = (r: Row): boolean => {
    const d = devices.get(r.entity_id);
    if (!d) return false;
    if (r.type === 'firmware_eol') return d.firmware_status === 'eol';
    if (r.type === 'firmware_vulnerable') return vulnerabilitiesOf(d.manufacturer, d.model, d.firmware_version).length > 0 || /affected by CVE-/.test(r.description);
    return false;
  };
  const detectors: DetectorScore[] = [];
  let falsePositives = 0;
  for (const type of ANOMALY_TYPES) {
    const mine = rows.filter((r) => r.type === type);
    let tp = 0;
    let related = 0;
    const falses: string[] = [];
    for (const r of mine) {
      if (labels.some((l) => ATTACK_DETECTORS[l.attack]?.primary === type && inWindow(r, l))) tp++;
      else if (labels.some((l) => ATTACK_DETECTORS[l.attack]?.related.includes(type) && inWindow(r, l)) || inventoryTruth(r)) related++;
      else falses.push(`${r.entity_id}: ${r.description}`);
    }
    falsePositives += falses.length;
    detectors.push({ type, detections: mine.length, true_positives: tp, related, false_positives: falses.length, precision: mine.length ? (tp + related) / mine.length : null, false_examples: falses.slice(0, 5) });
  }
  const entities = inventory.count('device') + inventory.count('user') + inventory.count('workload');
  const entityDays = (entities * (window.end - window.start)) / DAY;
  return { attacks, detectors, entity_days: Math.round(entityDays), false_positives: falsePositives, fp_per_1000_entity_days: entityDays > 0 ? (falsePositives * 1000) / entityDays : 0 };
}
