// Copies a text to the clipboard and says so; where the clipboard is refused, says to select and copy.
import { useState } from 'react';

export function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="copy-button">
      <button type="button" className="btn btn-small" onClick={() => void copy()} aria-label={`Copy ${what}`}>Copy</button>
      <span role="status" className="dim">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Clipboard refused: select the text and copy it' : ''}</span>
    </span>
  );
}
