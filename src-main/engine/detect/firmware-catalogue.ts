// The bundled catalogue of known-vulnerable firmware (resources/firmware, built from CISA KEV and CVE
// records) and the version rules it uses: below a version, at most a version, or a build date before.
import catalogue from '../../../resources/firmware/vulnerable-firmware.json';

export type FirmwareRule =
  | { type: 'version_below'; version: string }
  | { type: 'version_at_most'; version: string }
  | { type: 'build_before'; build: string };

export interface VulnerableFirmware {
  cve: string;
  vendor: string;
  product: string;
  title: string;
  models: string[];
  rule: FirmwareRule;
  cvss: number;
  kev: { date_added: string; known_ransomware_campaign_use: string; required_action: string };
}

interface Compiled { entry: VulnerableFirmware; vendor: string; models: RegExp[] }

const COMPILED: Compiled[] = (catalogue.entries as VulnerableFirmware[]).map((entry) => ({
  entry, vendor: entry.vendor.toLowerCase(), models: entry.models.map((m) => new RegExp(m, 'i')),
}));

/** Numeric segments of a version ("V5.5.0 build 170725" → [5, 5, 0, 170725]); letters are ignored. */
function versionParts(v: string): number[] {
  return (v.match(/\d+/g) ?? []).map(Number);
}

/** Compares dotted versions segment by segment (missing segments count as 0). */
export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The version proper, before any build suffix: "V5.5.0 build 170725" → "5.5.0", "v3.0.0.136_20121102" → "3.0.0.136". */
function coreVersion(v: string): string {
  return v.replace(/\s*build.*$/i, '').replace(/_\d{6,8}$/, '').replace(/^[^\d]*/, '');
}

export function ruleMatches(rule: FirmwareRule, version: string): boolean {
  switch (rule.type) {
    case 'version_below':
      return versionParts(coreVersion(version)).length > 0 && compareVersions(coreVersion(version), rule.version) < 0;
    case 'version_at_most':
      return versionParts(coreVersion(version)).length > 0 && compareVersions(coreVersion(version), rule.version) <= 0;
    case 'build_before': {
      const m = /build\s*(\d{6})/i.exec(version);
      return m !== null && m[1] < rule.build;
    }
  }
}

/** Catalogue entries a device's firmware is affected by. */
export function vulnerabilitiesOf(manufacturer: string | null, model: string | null, version: string | null): VulnerableFirmware[] {
  if (!manufacturer || !model || !version) return [];
  const vendor = manufacturer.toLowerCase();
  return COMPILED.filter((c) => c.vendor === vendor && c.models.some((r) => r.test(model)) && ruleMatches(c.entry.rule, version)).map((c) => c.entry);
}
