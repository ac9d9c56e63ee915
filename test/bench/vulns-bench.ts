// Vulnerability exposure at cvelistV5 scale: 250,000 generated CVE JSON 5.1 records (see
// vulns-record-generator.ts: realistic shape, the real set is not at hand) in a zip, imported through
// the feed reader with the heap sampled throughout (flat = the peak over the whole import close to the
// peak over its first tenth); matching a 500-entry stack against them; the first page of
// GET /api/v1/patches over HTTP. Each beside a baseline in the same run: reading and parsing the same zip
// without storing it; fetching the same candidate rules without evaluating them; GET /api/v1/tech-stack.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { createConsoleServer } from '../../src-main/doors/http/create-http-server';
import { mountRestDoor } from '../../src-main/doors/http/rest/rest-door';
import { sql } from '../../src-main/engine/db/sql';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { feedUnits } from '../../src-main/engine/vulns/feed-reader';
import type { BenchResult } from './report';
import { generateCveRecord, GENERATED_PACKAGES, packageOf } from './vulns-record-generator';

const RECORDS = Number(process.env.VULNS_BENCH_RECORDS ?? 250_000);
const STACK = 500;
const PAGE_CALLS = 50;
const TOKEN = 'bench-console-token-0123456789';
const MiB = 1048576;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function writeZip(path: string, n: number): Promise<void> {
  const zip = new yazl.ZipFile();
  for (let i = 0; i < n; i++) {
    const year = 2018 + (i % 8);
    // Generated when the zip writer reaches the entry, so the generator's memory stays flat too. Stored, not
    // deflated: the generator's own time on this shared machine (the reader handles both).
    zip.addReadStreamLazy(`cvelistV5-main/cves/${year}/${Math.floor(i / 1000)}xxx/CVE-${year}-${10000 + i}.json`, { compress: false }, (cb) => cb(null, Readable.from([Buffer.from(generateCveRecord(i))])));
  }
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject));
}

export async function runVulnsBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tm-vulns-bench-'));
  const engine = Engine.open({ dataDir: join(dir, 'data'), log: silentLogger });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const zipPath = join(dir, 'cves.zip');
    const tg = performance.now();
    await writeZip(zipPath, RECORDS);
    const genS = (performance.now() - tg) / 1000;

    // Baseline: the same zip read entry by entry and parsed, nothing stored.
    const tb = performance.now();
    let parsed = 0;
    for await (const unit of feedUnits(zipPath)) {
      JSON.parse(await unit.text());
      parsed++;
    }
    const readS = (performance.now() - tb) / 1000;

    // The stack: 50 AI packages and 450 generated ones, at versions inside and outside the generated ranges.
    const lines = ['technology,version,vendor,asset_count'];
    const ai = ['langchain', 'transformers', 'mlflow', 'gradio', 'torch', 'llama-index', 'ray', 'vllm', 'langflow', 'chromadb'];
    for (let i = 0; i < STACK; i++) {
      const name = i < 50 ? (ai[i % ai.length] as string) : packageOf((i * 37) % GENERATED_PACKAGES).name;
      lines.push(`${name},${i % 5}.${i % 20}.${i % 7},,${1 + (i % 4)}`);
    }
    dispatch(engine, 'vulns.importStack', { file: lines.join('\n') }, { actor: { type: 'cli', id: 'bench' } });

    // The import, the heap sampled every 200 ms.
    global.gc?.();
    const heapStart = process.memoryUsage().heapUsed / MiB;
    let peak = heapStart;
    let peakFirstTenth = heapStart;
    const t0 = performance.now();
    let firstTenthDone = false;
    const sampler = setInterval(() => {
      const h = process.memoryUsage().heapUsed / MiB;
      peak = Math.max(peak, h);
      if (!firstTenthDone) peakFirstTenth = Math.max(peakFirstTenth, h);
    }, 200);
    const tenth = setInterval(() => {
      const n = engine.sql.value<number>(sql`SELECT COUNT(*) FROM vulns`) ?? 0;
      if (n >= RECORDS / 10) firstTenthDone = true;
    }, 500);
    const summary = await engine.vulns.importFeed(zipPath, {}, { type: 'cli', id: 'bench' });
    clearInterval(sampler);
    clearInterval(tenth);
    const importS = (performance.now() - t0) / 1000;
    const rss = process.memoryUsage().rss / MiB;

    // Matching the 500-entry stack against every record, beside fetching the same candidate rules alone.
    const entries = engine.vulns.stack.all();
    const packages = [...new Set(entries.map((e) => e.package))];
    const tm: number[] = [];
    const tr: number[] = [];
    let matches = 0;
    for (let k = 0; k < 3; k++) {
      let t = performance.now();
      engine.vulns.store.rulesFor(packages);
      tr.push(performance.now() - t);
      t = performance.now();
      matches = engine.sql.transaction(() => engine.vulns.rematchAll(Date.now())).matches;
      tm.push(performance.now() - t);
    }

    // GET /api/v1/patches first page over HTTP, beside GET /api/v1/tech-stack (500 rows, first page) on the same door.
    const { key } = engine.keys.create({ name: 'bench', scopes: 'read' }, { type: 'cli', id: 'bench' });
    const server = createConsoleServer({ engine, token: TOKEN, port: 0, rendererDir: null });
    const door = mountRestDoor(server, { engine });
    const { port } = await server.listen();
    const get = (path: string) => new Promise<number>((resolve, reject) => {
      const t = performance.now();
      const req = request({ host: '127.0.0.1', port, method: 'GET', path, agent, headers: { Host: `127.0.0.1:${port}`, 'X-Org-Key': key } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`${path} answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
    const tp: number[] = [];
    const ts: number[] = [];
    const tall: number[] = [];
    for (let i = 0; i < PAGE_CALLS + 5; i++) {
      const a = await get('/api/v1/patches');
      const b = await get('/api/v1/tech-stack');
      const c = await get('/api/v1/patches?scope=all');
      if (i >= 5) { tp.push(a); ts.push(b); tall.push(c); }
    }
    door.close();
    await server.close();
    const stats = dispatch(engine, 'vulns.stats', {}, { actor: { type: 'cli', id: 'bench' } });
    const mPatch = median(tp);
    const mMatch = median(tm);
    return [
      { name: `generate ${RECORDS.toLocaleString('en-US')} CVE 5.1 records into a zip (generator, not the product)`, value: genS, unit: 's' },
      { name: `baseline: read + JSON.parse the zip's ${parsed.toLocaleString('en-US')} entries, nothing stored`, value: RECORDS / readS, unit: 'records/s' },
      { name: `import ${RECORDS.toLocaleString('en-US')} CVE records (zip, batches of 500, then match + score)`, value: RECORDS / importS, unit: 'records/s', note: `${importS.toFixed(0)} s; ${summary.new_records.toLocaleString('en-US')} new, ${stats.ai_relevant.toLocaleString('en-US')} AI-relevant` },
      { name: 'import heap peak over the whole import', value: peak, unit: 'MiB', note: `first tenth peak ${peakFirstTenth.toFixed(0)} MiB, heap at start ${heapStart.toFixed(0)} MiB, RSS after ${rss.toFixed(0)} MiB` },
      { name: `match a ${STACK}-entry stack against ${RECORDS.toLocaleString('en-US')} records, median of 3`, value: mMatch, unit: 'ms', target: '<= 2000', met: mMatch <= 2000, note: `${matches.toLocaleString('en-US')} matches, ${stats.in_stack.toLocaleString('en-US')} CVEs on the stack` },
      { name: 'baseline: fetch the same candidate rules only (no evaluation, no writes), median of 3', value: median(tr), unit: 'ms' },
      { name: `GET /api/v1/patches first page (50 of ${stats.ai_relevant + stats.in_stack} in scope), median of ${PAGE_CALLS}`, value: mPatch, unit: 'ms', target: '<= 50', met: mPatch <= 50 },
      { name: 'GET /api/v1/patches?scope=all first page, median', value: median(tall), unit: 'ms' },
      { name: 'baseline: GET /api/v1/tech-stack first page (500 entries), median', value: median(ts), unit: 'ms' },
    ];
  } finally {
    agent.destroy();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
