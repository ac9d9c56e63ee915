// Streams the elements of one top-level JSON array (`[{...},{...}]`), however it is laid out over
// lines, so an array file is ingested with flat memory like a JSON-lines file.

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export class JsonArraySplitter {
  /** 0 before the opening '[', 1 between elements, deeper inside an object or array element. */
  private depth = 0;
  private inString = false;
  private escape = false;
  private inElement = false;
  private primitive = false;
  private closed = false;
  /** Pieces of the current element carried over from earlier chunks. */
  private parts: string[] = [];
  /** Set when something other than whitespace follows the closing ']', or precedes the '['. */
  junk = false;

  /** Feeds the next piece of text; calls `emit` with the text of each complete element. */
  push(chunk: string, emit: (record: string) => void): void {
    let start = this.inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (this.closed || this.depth === 0) {
        if (!this.closed && c === 91) this.depth = 1;
        else if (!isSpace(c) && !(c === 0xfeff && i === 0)) this.junk = true;
        continue;
      }
      if (!this.inElement) {
        if (isSpace(c) || c === 44) continue;
        if (c === 93) {
          this.closed = true;
          continue;
        }
        this.inElement = true;
        start = i;
        this.primitive = c !== 123 && c !== 91;
        if (!this.primitive) this.depth = 2;
        else if (c === 34) this.inString = true;
        continue;
      }
      if (this.primitive) {
        if (c === 34) this.inString = true;
        else if (c === 44 || c === 93) {
          emit(this.take(chunk, start, i).trim());
          this.inElement = false;
          if (c === 93) this.closed = true;
        }
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        if (--this.depth === 1) {
          emit(this.take(chunk, start, i + 1));
          this.inElement = false;
        }
      }
    }
    if (this.inElement) this.parts.push(chunk.slice(start));
  }

  /** At end of input: the cut-short last element, if the array was never closed (to be rejected). */
  finish(): string | null {
    if (this.closed) return null;
    const rest = this.parts.join('');
    this.parts = [];
    return this.inElement ? rest : this.depth === 0 ? null : '';
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private take(chunk: string, start: number, end: number): string {
    const piece = chunk.slice(start, end);
    if (this.parts.length === 0) return piece;
    const whole = this.parts.join('') + piece;
    this.parts = [];
    return whole;
  }
}
