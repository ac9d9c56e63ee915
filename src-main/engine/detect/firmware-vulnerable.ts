// firmware_vulnerable: a device runs firmware the bundled catalogue (CISA KEV + CVE records) lists as
// affected by a known-exploited vulnerability. Checked on firmware reports, on a device's first event and
// when the inventory changes; resolved by the system once the device reports a fixed version.
import { vulnerabilitiesOf } from './firmware-catalogue';
import type { DetectContext, Detector, InventoryFacts } from './types';

export class FirmwareVulnerableDetector implements Detector {
  readonly type = 'firmware_vulnerable' as const;
  /** Device → "model|version" last judged, and the CVEs it was reported for. */
  private readonly judged = new Map<string, { key: string; cves: string[] }>();

  restoreFirmware(deviceId: string, f: InventoryFacts): void {
    this.judged.set(deviceId, { key: `${f.manufacturer}|${f.model}|${f.firmware_version}`, cves: vulnerabilitiesOf(f.manufacturer, f.model, f.firmware_version).map((v) => v.cve) });
  }

  onFirmware(deviceId: string, f: InventoryFacts, ts: number, ctx: DetectContext): void {
    const key = `${f.manufacturer}|${f.model}|${f.firmware_version}`;
    const prev = this.judged.get(deviceId);
    if (prev?.key === key) return;
    const vulns = vulnerabilitiesOf(f.manufacturer, f.model, f.firmware_version);
    for (const cve of prev?.cves ?? []) {
      if (!vulns.some((v) => v.cve === cve)) ctx.resolve('device', deviceId, this.type, `device:${deviceId}:firmware_vulnerable:${cve}`, `firmware now ${f.firmware_version ?? 'unknown'}`);
    }
    this.judged.set(deviceId, { key, cves: vulns.map((v) => v.cve) });
    for (const v of vulns) {
      ctx.report({
        entity_type: 'device', entity_id: deviceId, type: this.type, severity: v.cvss >= 9 ? 'critical' : 'high', confidence: 0.9, detected_at: ts,
        description: `Device runs ${f.manufacturer} ${f.model} firmware ${f.firmware_version}, affected by ${v.cve} (${v.title}; CVSS ${v.cvss}, known exploited since ${v.kev.date_added})`,
        recommended_action: 'update_firmware', observed_destinations: [],
        evidence: {
          cve: v.cve, cvss: v.cvss, kev_date_added: v.kev.date_added, known_ransomware_campaign_use: v.kev.known_ransomware_campaign_use,
          manufacturer: f.manufacturer, model: f.model, firmware_version: f.firmware_version, rule: v.rule, required_action: v.kev.required_action,
        },
        dedupe_key: `device:${deviceId}:firmware_vulnerable:${v.cve}`,
      });
    }
  }
}
