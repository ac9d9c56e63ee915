// A minimal Server-Sent Events reader over a raw HTTP response: parses `id`, `data`, `retry` and
// comment lines as a browser's EventSource would, and waits for messages.
import type { IncomingMessage } from 'node:http';

export interface SseMessage { id?: string; data: string }

export class SseReader {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  retry: number | null = null;
  private buffer = '';
  private waiters: (() => void)[] = [];

  constructor(readonly res: IncomingMessage) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        this.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }

  private parse(block: string): void {
    const msg: SseMessage = { data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
      else if (line.startsWith('id: ')) msg.id = line.slice(4);
      else if (line.startsWith('data: ')) {
        msg.data += (hasData ? '\n' : '') + line.slice(6);
        hasData = true;
      }
    }
    if (hasData) this.messages.push(msg);
  }

  /** Resolves once `test` holds; rejects after `ms` with what was received (a failure, never a timing assertion). */
  until(test: (r: SseReader) => boolean, ms = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stream condition not met; received ${this.messages.length} messages, comments ${JSON.stringify(this.comments)}`)), ms);
      const check = () => {
        if (test(this)) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  events(): { id: string; event: any }[] {
    return this.messages.map((m) => ({ id: m.id ?? '', event: JSON.parse(m.data) }));
  }

  close(): void {
    this.res.destroy();
  }
}
