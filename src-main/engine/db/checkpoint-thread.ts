// A WAL checkpointer on a thread of its own: a second connection to the same file that runs
// `PRAGMA wal_checkpoint(PASSIVE)` when asked. A PASSIVE checkpoint takes no write lock, so it copies
// committed frames back into the database file while the ingest's connection goes on writing; the copy
// and its fsync no longer stop the thread that parses, judges and commits (BENCHMARKS.md: +7–8% ingest
// with every detector at 1M events). Both connections are in one process and one SQLite library, which
// shares its file locks between them. The thread's code is a string, not a module file, so the bundles,
// the tests (which run the sources) and the desktop app start it the same way.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointResult { busy: number; log: number; checkpointed: number }

type Reply = { ok: true; result: CheckpointResult; ms: number } | { ok: false; error: string };
export type CheckpointDone = (r: { result: CheckpointResult; ms: number } | { error: string }) => void;

/** What runs on the thread: open the file, then one checkpoint per message until told to close. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.module);
  db = new Database(workerData.path, { fileMustExist: true });
} catch (err) {
  parentPort.postMessage({ ok: false, error: String((err && err.message) || err) });
}
parentPort.on('message', (m) => {
  if (m === 'close') {
    db?.close();
    parentPort.close();
    return;
  }
  if (!db) return;
  try {
    const started = performance.now();
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, result, ms: performance.now() - started });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String((err && err.message) || err) });
  }
});
`;

export class CheckpointThread {
  private worker: Worker | null = null;
  private inFlight: { settle: () => void; settled: Promise<void> } | null = null;
  private failed = false;

  constructor(
    /** The database file. */
    private readonly path: string,
    /** Told each checkpoint's report, or why the thread cannot checkpoint (it is then broken for good). */
    private readonly done: CheckpointDone,
  ) {}

  /** Whether the thread failed to open the file or to checkpoint: the caller checkpoints itself from then on. */
  get broken(): boolean {
    return this.failed;
  }

  /** Asks for one checkpoint; false while the last one asked for has not reported, or when broken. */
  request(): boolean {
    if (this.inFlight !== null || this.failed) return false;
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    this.inFlight = { settle, settled };
    this.start().postMessage('checkpoint');
    return true;
  }

  /** Resolves once no checkpoint asked for is still running. */
  idle(): Promise<void> {
    return this.inFlight?.settled ?? Promise.resolve();
  }

  /** Lets the thread go: it closes its connection after what it is doing, and its later reports are dropped. */
  close(): void {
    const w = this.worker;
    this.worker = null;
    this.settle();
    w?.postMessage('close');
  }

  private settle(): void {
    const f = this.inFlight;
    this.inFlight = null;
    f?.settle();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(THREAD, { eval: true, workerData: { module, path: this.path } });
    // An idle checkpointer never keeps a finished process alive.
    w.unref();
    w.on('message', (m: Reply) => {
      if (w !== this.worker) return;
      if (!m.ok) this.failed = true;
      // Told before the promise settles: whoever awaits idle() sees the report applied.
      this.done(m.ok ? { result: m.result, ms: m.ms } : { error: m.error });
      this.settle();
    });
    w.on('error', (err) => {
      if (w !== this.worker) return;
      this.failed = true;
      this.done({ error: err.message });
      this.settle();
    });
    this.worker = w;
    return w;
  }
}
