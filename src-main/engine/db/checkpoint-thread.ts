// A WAL checkpointer on a thread of its own: a second connection to the same file that runs
// `PRAGMA wal_checkpoint(PASSIVE)` when asked. A PASSIVE checkpoint takes no write lock, so it copies
// committed frames back into the database file while the ingest's connection goes on writing; the copy
// and its fsync no longer stop the thread that parses, judges and commits (BENCHMARKS.md: +11% ingest
// with every detector at 1M events). Both connections are in one process and one SQLite library, which
// shares its file locks between them. The thread's code is a string, not a module file, so the bundles,
// the tests (which run the sources) and the desktop app start it the same way. Its reports are taken
// from their port synchronously, when the writer next asks: an ingest that never yields to the event loop
// (in-memory events, the simulator) sees them as soon as one that does.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface CheckpointResult { busy: number; log: number; checkpointed: number }

type Reply = { ok: true; result: CheckpointResult; ms: number } | { ok: false; error: string };
export type CheckpointDone = (r: { result: CheckpointResult; ms: number } | { error: string }) => void;

/** What runs on the thread: open the file, then one checkpoint per message until told to close. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const replies = workerData.replies;
let db;
try {
  const Database = require(workerData.module);
  db = new Database(workerData.path, { fileMustExist: true });
} catch (err) {
  replies.postMessage({ ok: false, error: String((err && err.message) || err) });
}
parentPort.on('message', (m) => {
  if (m === 'close') {
    db?.close();
    replies.close();
    parentPort.close();
    return;
  }
  if (!db) return;
  try {
    const started = performance.now();
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    replies.postMessage({ ok: true, result, ms: performance.now() - started });
  } catch (err) {
    replies.postMessage({ ok: false, error: String((err && err.message) || err) });
  }
});
`;

export class CheckpointThread {
  private worker: Worker | null = null;
  /** Where the thread's reports wait until poll() takes them. */
  private replies: MessagePort | null = null;
  private inFlight = false;
  private failed = false;

  constructor(
    /** The database file. */
    private readonly path: string,
    /** Told each checkpoint's report, or why the thread cannot checkpoint (it is then broken for good). */
    private readonly done: CheckpointDone,
  ) {}

  /** Whether the thread failed to start, open the file or checkpoint (as of the last poll): the caller checkpoints itself from then on. */
  get broken(): boolean {
    return this.failed;
  }

  /** Asks for one checkpoint; false while the last one asked for has not reported, or when broken. */
  request(): boolean {
    this.poll();
    if (this.inFlight || this.failed) return false;
    let worker: Worker;
    try {
      worker = this.start();
    } catch (err) {
      // A host that cannot start the thread (or find the driver for it) still ingests: the writer checkpoints.
      this.fail(err instanceof Error ? err.message : String(err));
      return false;
    }
    this.inFlight = true;
    worker.postMessage('checkpoint');
    return true;
  }

  /** Resolves once no checkpoint asked for is still running (its report taken). */
  async idle(): Promise<void> {
    for (this.poll(); this.inFlight && !this.failed; this.poll()) await new Promise((r) => setTimeout(r, 2));
  }

  /** Lets the thread go: it closes its connection after what it is doing; reports not yet taken are dropped. */
  close(): void {
    const w = this.worker;
    this.worker = null;
    this.replies?.close();
    this.replies = null;
    this.inFlight = false;
    w?.postMessage('close');
  }

  /** Takes the reports that have arrived, without waiting for the event loop. */
  poll(): void {
    const port = this.replies;
    if (port === null) return;
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const r = m.message as Reply;
      this.inFlight = false;
      if (r.ok) this.done({ result: r.result, ms: r.ms });
      else this.fail(r.error);
    }
  }

  private fail(error: string): void {
    this.failed = true;
    this.inFlight = false;
    this.done({ error });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(THREAD, { eval: true, workerData: { module, path: this.path, replies: port2 }, transferList: [port2] });
    // An idle checkpointer never keeps a finished process alive.
    w.unref();
    port1.unref();
    // A thread that died (not a refused open or checkpoint: those are reports) is known at the next turn of the event loop.
    w.on('error', (err) => {
      if (w === this.worker) this.fail(err.message);
    });
    this.worker = w;
    this.replies = port1;
    return w;
  }
}
