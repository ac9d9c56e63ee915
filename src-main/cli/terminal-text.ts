// Control characters from data (telemetry reasons, rejected lines, agent names, ids someone typed)
// must never reach a terminal raw: an escape sequence could recolour, rewrite or hide what an analyst
// reads. Everything the CLI writes passes through escapeControls (run-cli.ts wraps stdout and stderr),
// and table cells also escape line breaks so one value cannot fake rows.
// The escape is `\uXXXX`, the form JSON itself uses: inside a JSON string it parses back to the same
// character, and JSON text has no such character outside its strings, so --json output stays valid.

/** C0 controls but line feed, DEL, C1 controls, and the invisible bidi and direction marks that reorder text. */
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_AND_NEWLINES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The text with every control character shown as `\uXXXX`; line feeds kept unless `inline` (a table cell, one line). */
export function escapeControls(text: string, opts: { inline?: boolean } = {}): string {
  return text.replace(opts.inline ? CONTROLS_AND_NEWLINES : CONTROLS, escape);
}
