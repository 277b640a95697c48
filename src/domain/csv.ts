/**
 * A small RFC 4180 CSV reader (pure) for officers' subscriber lists. Handles a
 * UTF-8 BOM, CRLF/LF line ends, quoted fields with "" escapes and line breaks,
 * and the separator Excel writes in a Vietnamese locale (";" — the decimal mark
 * there is ","): the header line decides. Blank lines are skipped. Each row
 * keeps the line number it starts on, for line-level error messages.
 */
export interface CsvRow { line: number; cells: string[] }
export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; error: 'unterminated_quote' };

export function detectSeparator(firstLine: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

export function parseCsv(input: string): CsvResult {
  const text = input.replace(/^\uFEFF/, '');
  const sep = detectSeparator(text.split(/\r\n|\n|\r/, 1)[0] ?? '');
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false;
      else { if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++; cell += ch; }
      continue;
    }
    if (ch === '"' && cell.trim() === '') { quoted = true; cell = ''; } else if (ch === sep) { cells.push(cell); cell = ''; } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) return { ok: false, line: rowLine, error: 'unterminated_quote' };
  endRow();
  return { ok: true, rows };
}
