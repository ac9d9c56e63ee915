// How numbers, sizes and times read in the console: grouped digits, binary sizes, UTC timestamps.
const int = new Intl.NumberFormat('en-US');

export function fmtInt(n: number | null | undefined): string {
  return n == null ? '—' : int.format(n);
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** '2024-05-01 12:34:56 UTC' — analysts compare times across sources, so always UTC, always seconds. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** '3 d', '5 h', '40 min' between two times (or from a time to now). */
export function fmtDuration(fromMs: number, toMs: number): string {
  const s = Math.max(0, Math.round((toMs - fromMs) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400 * 2) return `${(s / 3600).toFixed(s < 36000 ? 1 : 0)} h`;
  return `${fmtInt(Math.round(s / 86400))} d`;
}

export function fmtAgo(iso: string | null | undefined, nowMs = Date.now()): string {
  if (!iso) return 'never';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return ms > nowMs ? `in ${fmtDuration(nowMs, ms)}` : `${fmtDuration(ms, nowMs)} ago`;
}

/** 'ip_camera' → 'IP camera'; enum values stay exact in the data, only their labels are prettified. */
export function label(value: string): string {
  const special: Record<string, string> = { ip: 'IP', vm: 'VM', eol: 'EOL', mfa: 'MFA', dns: 'DNS', hvac: 'HVAC', ioc: 'IoC', ocsf: 'OCSF', tsv: 'TSV', json: 'JSON', eve: 'EVE' };
  const words = value.split('_').map((w) => special[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
