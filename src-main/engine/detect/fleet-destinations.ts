// How many entities of the fleet use each destination: a destination most of the fleet talks to is a
// shared service (update server, SaaS), never "rare". Counted when a destination is new to an entity.
import type { Db } from '../db/open';

export class FleetDestinations {
  private readonly users = new Map<string, number>();
  /** The same, by DNS name (CDNs answer from many addresses): rebuilt from traffic, not persisted. */
  private readonly nameUsers = new Map<string, number>();

  constructor(db: Db) {
    const rows = db.prepare('SELECT destination, COUNT(*) FROM entity_destinations WHERE port = 0 GROUP BY destination').raw().iterate() as IterableIterator<[string, number]>;
    for (const [ip, n] of rows) this.users.set(ip, n);
  }

  /** A new entity talks to `ip`; returns how many entities now do. */
  add(ip: string): number {
    const n = (this.users.get(ip) ?? 0) + 1;
    this.users.set(ip, n);
    return n;
  }

  /** A new entity talks to a destination named `name`. */
  addName(name: string): number {
    const n = (this.nameUsers.get(name) ?? 0) + 1;
    this.nameUsers.set(name, n);
    return n;
  }

  nameEntities(name: string): number {
    return this.nameUsers.get(name) ?? 0;
  }

  entities(ip: string): number {
    return this.users.get(ip) ?? 0;
  }
}
