// How many entities of the fleet use each destination: a destination most of the fleet talks to is a
// shared service (update server, SaaS), never "rare". Counted when a destination is new to an entity
// (and, at load, from every entity's known destinations and names).

export class FleetDestinations {
  private readonly users = new Map<string, number>();
  /** The same, by DNS name (CDNs answer from many addresses). */
  private readonly nameUsers = new Map<string, number>();

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
