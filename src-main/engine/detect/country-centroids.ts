// Approximate geographic centres (latitude, longitude in degrees) of the countries logins come from in
// our telemetry sources (OCSF src_endpoint.location.country, the simulator's home and attacker
// countries, and the other large economies), by ISO 3166-1 alpha-2 code. Rounded to a degree or so:
// travel distances only need hundreds of kilometres of accuracy.

const COUNTRY_CENTROIDS: Readonly<Record<string, readonly [number, number]>> = {
  US: [39.8, -98.6], CA: [56.1, -106.3], MX: [23.6, -102.6], BR: [-14.2, -51.9], AR: [-38.4, -63.6], CL: [-35.7, -71.5],
  CO: [4.6, -74.3], PE: [-9.2, -75.0], VE: [6.4, -66.6], GB: [54.0, -2.5], IE: [53.4, -8.2], FR: [46.2, 2.2], DE: [51.2, 10.5],
  NL: [52.1, 5.3], BE: [50.5, 4.5], LU: [49.8, 6.1], CH: [46.8, 8.2], AT: [47.5, 14.6], IT: [41.9, 12.6], ES: [40.5, -3.7],
  PT: [39.4, -8.2], DK: [56.3, 9.5], NO: [60.5, 8.5], SE: [60.1, 18.6], FI: [61.9, 25.7], IS: [64.9, -19.0], PL: [51.9, 19.1],
  CZ: [49.8, 15.5], SK: [48.7, 19.7], HU: [47.2, 19.5], RO: [45.9, 25.0], BG: [42.7, 25.5], GR: [39.1, 21.8], TR: [39.0, 35.2],
  UA: [48.4, 31.2], BY: [53.7, 27.9], RU: [61.5, 105.3], EE: [58.6, 25.0], LV: [56.9, 24.6], LT: [55.2, 23.9], RS: [44.0, 21.0],
  HR: [45.1, 15.2], SI: [46.2, 15.0], IL: [31.0, 34.9], AE: [23.4, 53.8], SA: [23.9, 45.1], QA: [25.4, 51.2], IR: [32.4, 53.7],
  IQ: [33.2, 43.7], EG: [26.8, 30.8], MA: [31.8, -7.1], DZ: [28.0, 1.7], NG: [9.1, 8.7], GH: [7.9, -1.0], KE: [-0.0, 37.9],
  ZA: [-30.6, 22.9], ET: [9.1, 40.5], IN: [20.6, 79.0], PK: [30.4, 69.3], BD: [23.7, 90.4], LK: [7.9, 80.8], CN: [35.9, 104.2],
  HK: [22.4, 114.1], TW: [23.7, 121.0], JP: [36.2, 138.3], KR: [35.9, 127.8], KP: [40.3, 127.5], VN: [14.1, 108.3], TH: [15.9, 101.0],
  MY: [4.2, 102.0], SG: [1.35, 103.8], ID: [-0.8, 113.9], PH: [12.9, 121.8], AU: [-25.3, 133.8], NZ: [-40.9, 174.9], KZ: [48.0, 66.9],
};

const EARTH_KM = 6371;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in km between two countries' centres; null when either code is unknown. */
export function countryDistanceKm(a: string, b: string): number | null {
  const p = COUNTRY_CENTROIDS[a.toUpperCase()];
  const q = COUNTRY_CENTROIDS[b.toUpperCase()];
  if (!p || !q) return null;
  const dLat = rad(q[0] - p[0]);
  const dLon = rad(q[1] - p[1]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(p[0])) * Math.cos(rad(q[0])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
