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
  /** Pieces of the current element carried over from earlier chunks, and their length. */
  private parts: string[] = [];
  private carried = 0;
  /** The current element outgrew maxElementChars: its text is no longer kept, only its end looked for. */
  private oversized = false;
  /** Set when something other than whitespace follows the closing ']', or precedes the '['. */
  junk = false;

  /** `maxElementChars` bounds the memory an element may take; a longer one goes to push's `tooLong`. */
  constructor(private readonly maxElementChars = Infinity) {}

  /** Feeds the next piece of text; calls `emit` with the text of each complete element, `tooLong` for one over the bound. */
  push(chunk: string, emit: (record: string) => void, tooLong: () => void = () => {}): void {
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
          const text = this.take(chunk, start, i);
          if (text === null) tooLong();
          else emit(text.trim());
          this.inElement = false;
          if (c === 93) this.closed = true;
        }
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        if (--this.depth === 1) {
          const text = this.take(chunk, start, i + 1);
          if (text === null) tooLong();
          else emit(text);
          this.inElement = false;
        }
      }
    }
    if (this.inElement && !this.oversized) {
      this.carried += chunk.length - start;
      if (this.carried > this.maxElementChars) {
        this.oversized = true;
        this.parts = [];
      } else this.parts.push(chunk.slice(start));
    }
  }

  /** At end of input: the cut-short last element, if the array was never closed (to be rejected). */
  finish(): string | null {
    if (this.closed) return null;
    const rest = this.oversized ? '' : this.parts.join('');
    this.parts = [];
    return this.inElement ? rest : this.depth === 0 ? null : '';
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private take(chunk: string, start: number, end: number): string | null {
    const oversized = this.oversized || this.carried + (end - start) > this.maxElementChars;
    this.oversized = false;
    this.carried = 0;
    if (oversized) {
      this.parts = [];
      return null;
    }
    const piece = chunk.slice(start, end);
    if (this.parts.length === 0) return piece;
    const whole = this.parts.join('') + piece;
    this.parts = [];
    return whole;
  }
}
