// Catalogue trust: the bundled catalogue of known MCP servers and publishers (resources/mcp/catalog.json,
// versioned), extended or overridden by the user's mcp-catalog.json in the data dir, matched against a
// server's launch command or URL. Unknown or unverified publishers lower trust; a known publisher with
// unchanged pins raises it. Every point of the score comes with its reason.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import bundled from '../../../resources/mcp/catalog.json';

interface CatalogPublisher { id: string; name: string; verified: boolean; repository: string | null }
interface CatalogServer { name: string; registry: string; package: string; publisher: string; repository: string | null; urls?: string[] }
export interface Catalog { version: string; publishers: CatalogPublisher[]; servers: CatalogServer[] }

const USER_CATALOG_FILE = 'mcp-catalog.json';

/** The bundled catalogue merged with the user's (entries with the same package or publisher id replace bundled ones). */
export function loadCatalog(dataDir: string | null): Catalog {
  const base = bundled as Catalog;
  const path = dataDir ? join(dataDir, USER_CATALOG_FILE) : null;
  if (!path || !existsSync(path)) return base;
  const user = JSON.parse(readFileSync(path, 'utf8')) as Partial<Catalog>;
  const pubs = new Map(base.publishers.map((p) => [p.id, p]));
  for (const p of user.publishers ?? []) pubs.set(p.id, p);
  const servers = new Map(base.servers.map((s) => [s.package, s]));
  for (const s of user.servers ?? []) servers.set(s.package, s);
  return { version: `${base.version}+user${user.version ? `.${user.version}` : ''}`, publishers: [...pubs.values()], servers: [...servers.values()] };
}

export interface CatalogMatch { server: CatalogServer; publisher: CatalogPublisher | null }

/** The catalogue entry a launch names: a package among the command's words (with or without @version), or a URL prefix. */
export function matchCatalog(c: Catalog, launch: { command: string | null; args: string[]; url: string | null }): CatalogMatch | null {
  const words = [launch.command ?? '', ...launch.args].map((w) => w.replace(/^(npm:|pypi:)/, ''));
  const stripVersion = (w: string) => w.replace(/(?<=.)@[^/@]*$/, '').replace(/==.*$/, '').replace(/:[^/:]*$/, '');
  for (const s of c.servers) {
    const hit = words.some((w) => w === s.package || stripVersion(w) === s.package) || (launch.url !== null && (s.urls ?? []).some((u) => launch.url?.startsWith(u)));
    if (hit) return { server: s, publisher: c.publishers.find((p) => p.id === s.publisher) ?? null };
  }
  return null;
}

interface TrustFactor { factor: string; points: number; why: string }
export interface Trust { score: number; known: boolean; publisher: string | null; verified: boolean; catalog_version: string; factors: TrustFactor[] }

export function trustOf(c: Catalog, m: CatalogMatch | null, pin: 'unpinned' | 'match' | 'changed'): Trust {
  const factors: TrustFactor[] = [{ factor: 'base', points: 50, why: 'every server starts in the middle' }];
  if (!m) factors.push({ factor: 'unknown_server', points: -20, why: 'its package or URL is not in the catalogue' });
  else if (!m.publisher?.verified) factors.push({ factor: 'unverified_publisher', points: -10, why: `known package ${m.server.package}, publisher ${m.publisher?.name ?? m.server.publisher} not verified` });
  else factors.push({ factor: 'verified_publisher', points: 25, why: `${m.server.package} by ${m.publisher.name}` });
  if (pin === 'match') factors.push({ factor: 'pins_unchanged', points: m?.publisher?.verified ? 25 : 15, why: 'what it shows clients is what was approved' });
  if (pin === 'changed') factors.push({ factor: 'pins_changed', points: -40, why: 'its tools changed since approval' });
  const score = Math.max(0, Math.min(100, factors.reduce((s, f) => s + f.points, 0)));
  return { score, known: m !== null, publisher: m?.publisher?.name ?? null, verified: m?.publisher?.verified ?? false, catalog_version: c.version, factors };
}
