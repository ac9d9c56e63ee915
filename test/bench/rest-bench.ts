// REST door benchmark on a simulated 10,000-device fleet: /api/v1 round trips for the fleet posture and
// a device posture (one keep-alive client, sequential calls), beside the same operations over the
// console's /api/ops in the same run (the door's own cost is the difference), and the signal stream's
// delivery latency (event committed → SSE message parsed in the client), beside an in-process
// subscriber's in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleServer } from '../../src-main/doors/http/create-http-server';
import { mountRestDoor } from '../../src-main/doors/http/rest/rest-door';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { runSimulation } from '../../src-main/engine/simulate/run-simulation';
import type { BenchResult } from './report';

const DEVICES = 10_000;
const DEVICE_CALLS = 2000;
const FLEET_CALLS = 200;
const WARMUP = 100;
const EVENTS = 200;
const TOKEN = 'bench-console-token-0123456789';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runRestBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tm-rest-bench-'));
  const engine = Engine.open({ dataDir: dir, log: silentLogger });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const t0 = performance.now();
    runSimulation(engine, { devices: DEVICES, hours: 1, seed: 11 }, { actor: { type: 'cli', id: 'bench' } });
    const ids = engine.db.prepare('SELECT device_id FROM devices ORDER BY device_id').pluck().all() as string[];
    engine.posture.fleet();
    const seeded = (performance.now() - t0) / 1000;
    const { key } = engine.keys.create({ name: 'bench', scopes: 'read' }, { type: 'cli', id: 'bench' });

    const server = createConsoleServer({ engine, token: TOKEN, port: 0, rendererDir: null });
    const door = mountRestDoor(server, { engine });
    const { port } = await server.listen();
    const host = `127.0.0.1:${port}`;
    const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { Host: host, ...headers } }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`${method} ${path} answered ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });
    // The door and its baseline take turns call by call, so machine noise (shared cores) falls on both alike.
    const timePair = async (n: number, a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < Math.min(WARMUP, n); i++) {
        await a(i * 7919);
        await b(i * 7919);
      }
      const ta: number[] = [];
      const tb: number[] = [];
      for (let i = 0; i < n; i++) {
        let t = performance.now();
        await a(i * 104_729);
        ta.push(performance.now() - t);
        t = performance.now();
        await b(i * 104_729);
        tb.push(performance.now() - t);
      }
      const stats = (times: number[]) => {
        times.sort((x, y) => x - y);
        return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
      };
      return [stats(ta), stats(tb)] as const;
    };
    const rest = (path: string) => call('GET', path, { 'X-Org-Key': key });
    const ops = (name: string, input: unknown) => call('POST', `/api/ops/${name}`, { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, JSON.stringify(input));

    try {
      const [restDevice, opsDevice] = await timePair(DEVICE_CALLS, (i) => rest(`/api/v1/posture/devices/${encodeURIComponent(ids[i % ids.length])}`), (i) => ops('posture.device', { device_id: ids[i % ids.length] }));
      results.push(
        { name: `GET /api/v1/posture/devices/{id}, p50 (${DEVICES.toLocaleString('en-US')} devices)`, value: restDevice.p50, unit: 'ms', note: `${DEVICE_CALLS} sequential keep-alive calls after ${WARMUP} warm-up; fleet seeded in ${seeded.toFixed(1)} s` },
        { name: 'GET /api/v1/posture/devices/{id}, p99', value: restDevice.p99, unit: 'ms' },
        { name: 'baseline: POST /api/ops/posture.device (console API), p50', value: opsDevice.p50, unit: 'ms', note: `p99 ${opsDevice.p99.toFixed(2)} ms; same run; /api/v1 also checks the key and audits each call` },
      );
      const [restFleet, opsFleet] = await timePair(FLEET_CALLS, () => rest('/api/v1/posture'), () => ops('posture.fleet', {}));
      results.push(
        { name: 'GET /api/v1/posture (fleet under fleet), p50', value: restFleet.p50, unit: 'ms', note: `${FLEET_CALLS} sequential calls` },
        { name: 'GET /api/v1/posture, p99', value: restFleet.p99, unit: 'ms' },
        { name: 'baseline: POST /api/ops/posture.fleet (console API), p50', value: opsFleet.p50, unit: 'ms', note: `p99 ${opsFleet.p99.toFixed(2)} ms; same run` },
      );

      // Signal stream: an SSE client filtered to one entity; each event appended (committed) here, timed to its parse there.
      const committed = new Map<number, number>();
      const sse: number[] = [];
      const direct: number[] = [];
      const unsubscribe = engine.events.subscribe({ entity_id: 'bench-latency' }, (e) => {
        const at = committed.get(e.cursor);
        if (at !== undefined) direct.push(performance.now() - at);
      });
      const streamAgent = new Agent({ keepAlive: false });
      const opened = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/v1/signals/stream?entity_id=bench-latency', agent: streamAgent, headers: { Host: host, 'X-Org-Key': key } }, resolve);
        req.on('error', reject);
        req.end();
      });
      let buffer = '';
      opened.setEncoding('utf8');
      opened.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block);
          const at = id ? committed.get(Number(id[1])) : undefined;
          if (at !== undefined) sse.push(performance.now() - at);
        }
      });
      await sleep(100);
      for (let i = 0; i < EVENTS; i++) {
        const cursor = engine.db.transaction(() => engine.events.append({ event_type: 'anomaly', severity: 'high', entity_type: 'device', entity_id: 'bench-latency', data: { i } }))();
        committed.set(cursor, performance.now());
        await sleep(25);
      }
      await sleep(300);
      opened.destroy();
      unsubscribe();
      sse.sort((a, b) => a - b);
      direct.sort((a, b) => a - b);
      const lost = EVENTS - sse.length;
      const slow = sse.filter((ms) => ms > 250).length;
      results.push(
        { name: 'SSE delivery latency (commit → client parsed the message), p50', value: quantile(sse, 0.5), unit: 'ms', target: '<= 250', met: sse.length === EVENTS && sse[sse.length - 1] <= 250, note: `max ${sse[sse.length - 1]?.toFixed(1)} ms, ${slow} of ${EVENTS} events over 250 ms, ${lost} missing; same process, woken right after the commit` },
        { name: 'SSE delivery latency, p99', value: quantile(sse, 0.99), unit: 'ms' },
        { name: 'baseline: in-process event-log subscriber, p50', value: quantile(direct, 0.5), unit: 'ms', note: `max ${direct[direct.length - 1]?.toFixed(2)} ms; same run` },
      );
    } finally {
      door.close();
      await server.close();
    }
    return results;
  } finally {
    agent.destroy();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
