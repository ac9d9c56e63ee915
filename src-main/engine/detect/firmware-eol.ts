// firmware_eol: a device whose firmware the inventory (or a firmware report it imported) marks end-of-life:
// it will get no more security fixes. Resolved by the system when the status changes.
import type { DetectContext, Detector, InventoryFacts } from './types';

export class FirmwareEolDetector implements Detector {
  readonly type = 'firmware_eol' as const;
  private readonly judged = new Map<string, string>();

  restoreFirmware(deviceId: string, f: InventoryFacts): void {
    this.judged.set(deviceId, `${f.firmware_status}|${f.firmware_version}`);
  }

  onFirmware(deviceId: string, f: InventoryFacts, ts: number, ctx: DetectContext): void {
    const key = `${f.firmware_status}|${f.firmware_version}`;
    const prev = this.judged.get(deviceId);
    if (prev === key) return;
    this.judged.set(deviceId, key);
    if (f.firmware_status !== 'eol') {
      if (prev?.startsWith('eol|')) ctx.resolve('device', deviceId, this.type, undefined, `firmware status now ${f.firmware_status ?? 'unknown'}`);
      return;
    }
    const what = [f.manufacturer, f.model].filter(Boolean).join(' ') || (f.device_type ?? 'device');
    ctx.report({
      entity_type: 'device', entity_id: deviceId, type: this.type, severity: 'high', confidence: 0.95, detected_at: ts,
      description: `Device runs end-of-life firmware ${f.firmware_version ?? '(version unknown)'} on ${what}: no further security updates`,
      recommended_action: 'update_firmware', observed_destinations: [],
      evidence: { manufacturer: f.manufacturer, model: f.model, firmware_version: f.firmware_version, firmware_status: f.firmware_status, device_type: f.device_type },
    });
  }
}
