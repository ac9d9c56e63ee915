// JSON with comments and trailing commas, as VS Code, Zed and Cursor write their settings: the comments
// and trailing commas are blanked out (outside strings) and the rest goes to JSON.parse, so positions
// in error messages still match the file.
export function parseJsonc(text: string): unknown {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i, j + 1));
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      let j = i;
      while (j < n && text[j] !== '\n') j++;
      out.push(' '.repeat(j - i));
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const j = end < 0 ? n : end + 2;
      out.push(text.slice(i, j).replace(/[^\n]/g, ' '));
      i = j;
    } else if (c === ',') {
      let j = i + 1;
      while (j < n && /\s/.test(text[j])) j++;
      out.push(text[j] === '}' || text[j] === ']' ? ' ' : ',');
      i++;
    } else {
      out.push(c);
      i++;
    }
  }
  return JSON.parse(out.join('')) as unknown;
}
