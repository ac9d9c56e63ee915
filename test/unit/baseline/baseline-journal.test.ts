// The baseline journal's binary lines: what a loader applies from a line is the state the writer had,
// every kind of value included (floats, nulls, integers past 2^32, names outside ASCII); one entity's
// lines are found among many without decoding the rest; rows written as text by earlier builds still load.
import { describe, expect, it } from 'vitest';
import { applyJournalLine, entityLines, JournalWriter, journalLines } from '../../../src-main/engine/baseline/baseline-journal';
import { EntityStats, HOUR_MS, makeDest, type Dest } from '../../../src-main/engine/baseline/entity-stats';

const T0 = Date.UTC(2026, 4, 1, 9, 30);

function dest(ip: string, first: number, bytesOut: number): Dest {
  return makeDest(ip, 1, bytesOut, first, first, Math.floor(first / HOUR_MS), bytesOut, 0, 0);
}

/** An entity with a closed hour behind it and an open one, as a pipeline leaves it after a batch. */
function busyEntity(id: string): EntityStats {
  const s = new EntityStats('user', id);
  for (const [i, ts] of [T0, T0 + 600_000, T0 + HOUR_MS + 5_000, T0 + 2 * HOUR_MS + 17].entries()) {
    const b = s.hourFor(ts);
    s.seen(ts);
    b.connections += 3 + i;
    b.bytesOut += 7_000_000_000 + i; // past 2^32
    b.bytesIn += 1.5; // a source that reported fractional bytes
    b.events++;
    b.riskyBytesOut += 12.25;
    s.addPort(443);
    s.addPort(8443 + i);
  }
  s.cur!.saved = [1, 2, 3, 0, 0, 0, 0, 1];
  s.established = true;
  s.establishedAt = T0 + HOUR_MS;
  s.deviation = 0.123456789;
  s.unmanaged = true;
  return s;
}

/** The parts of an entity's state a journal line carries. */
function state(s: EntityStats) {
  return {
    span: [s.firstDataAt, s.lastDataAt, s.events, s.firstEventTs, s.lastEventTs, s.maxGap],
    established: [s.established, s.establishedAt, s.deviation, s.unmanaged],
    cur: s.cur && [...s.cur.toJSON(), ...s.cur.saved],
    ports: [...s.ports.entries()],
    dests: [...s.dests.values()].map((d) => [d.ip, d.first, d.bytesOut, d.hour, d.hourBytes]),
    names: [...s.names],
    closed: [s.conn.n, s.conn.mean, s.conn.m2, s.out.n, s.out.mean, s.out.m2, s.maxOut, s.activeHours, s.hourOfDay, s.recent],
  };
}

describe('baseline journal lines', () => {
  it('a loader that applies a line ends with the state the writer had', () => {
    const s = busyEntity('renée@corp.example');
    const once = [dest('203.0.113.9', T0 + 5, 1_234), dest('2001:db8::7', T0 + 9, 0.5)];
    for (const d of once) s.dests.set(d.ip, d);
    for (const n of ['cdn.example.com', 'straße.example']) s.addName(n);
    const w = new JournalWriter();
    w.line(s, true, once, s.newNames);
    const body = Buffer.from(w.take()!);
    expect(w.take()).toBeNull();

    const lines = [...journalLines(body)];
    expect(lines.map((l) => [l.type, l.id])).toEqual([['user', 'renée@corp.example']]);
    const loaded = new EntityStats('user', 'renée@corp.example');
    applyJournalLine(loaded, lines[0].line);
    expect(state(loaded)).toEqual(state(s));
    expect(loaded.pendingOnce.map((d) => d.ip)).toEqual(['203.0.113.9', '2001:db8::7']);
    expect(loaded.pendingNames).toEqual(['cdn.example.com', 'straße.example']);
    // Ports are carried when counted since the last line: the next line of the same entity has none to carry.
    expect(s.portsTouched).toEqual([]);
  });

  it('a line without a closed hour or an open one leaves the closed-hour statistics as they were', () => {
    const s = new EntityStats('device', 'dev-1');
    s.seen(T0);
    const w = new JournalWriter();
    w.line(s, false, [], []);
    const loaded = busyEntity('dev-1');
    const before = state(loaded).closed;
    applyJournalLine(loaded, [...journalLines(w.take()!)][0].line);
    expect(loaded.cur).toBeNull();
    expect(loaded.events).toBe(1);
    expect(state(loaded).closed).toEqual(before);
  });

  it('finds one entity\'s lines among many, of that type only, in order', () => {
    const w = new JournalWriter();
    for (let i = 0; i < 2_000; i++) {
      // Enough lines to outgrow the writer's first buffer.
      const s = new EntityStats(i % 2 ? 'device' : 'user', `e-${i % 50}`);
      s.seen(T0 + i);
      w.line(s, false, [], []);
    }
    const body = Buffer.from(w.take()!);
    expect([...journalLines(body)]).toHaveLength(2_000);
    const mine = [...entityLines(body, 'device', 'e-7')];
    expect(mine).toHaveLength(40);
    expect(mine.map((l) => l[1])).toEqual(Array.from({ length: 40 }, (_, k) => T0 + 7 + 50 * k));
    expect([...entityLines(body, 'user', 'e-7')]).toHaveLength(0);
    // Ids outside ASCII are matched on their UTF-8 bytes, like the writer wrote them.
    const s = new EntityStats('user', 'renée@corp.example');
    s.seen(T0);
    w.line(s, false, [], []);
    w.line(new EntityStats('user', 'renee@corp.example'), false, [], []);
    const other = Buffer.from(w.take()!);
    expect([...entityLines(other, 'user', 'renée@corp.example')].map((l) => l[1])).toEqual([T0]);
  });

  it('reads rows an earlier build wrote as text', () => {
    const text =
      '\ndevice\t"dev-9"\t[1746091800000,1746095405000,3,1746091800000,1746095405000,3605000,0,null,0.25,0,[485026,4,100,50,2,0,0,0,1,0,0],[0,0,0,0,0,0,0,0],[[443,3]],[["198.51.100.4",1746091800000,10,485025,10]],["x.example"],null]' +
      '\nuser\t"u-1"\t[1,2,1,1,2,0,1,2,0,1,null,null,[],[],[],null]';
    expect([...journalLines(text)].map((l) => [l.type, l.id])).toEqual([['device', 'dev-9'], ['user', 'u-1']]);
    const loaded = new EntityStats('device', 'dev-9');
    for (const line of entityLines(text, 'device', 'dev-9')) applyJournalLine(loaded, line);
    expect(loaded).toMatchObject({ events: 3, maxGap: 3_605_000, deviation: 0.25, established: false });
    expect(loaded.cur?.toJSON()).toEqual([485026, 4, 100, 50, 2, 0, 0, 0, 1, 0, 0]);
    expect([...loaded.ports]).toEqual([[443, 3]]);
    expect(loaded.pendingOnce.map((d) => d.ip)).toEqual(['198.51.100.4']);
    expect([...loaded.names]).toEqual(['x.example']);
  });
});
