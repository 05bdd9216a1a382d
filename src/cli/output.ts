import { stripVTControlCharacters, styleText } from 'node:util';

export type OutputFormat = 'table' | 'json' | 'csv';

/** Where a command writes; tests pass their own. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** stdout is a terminal: tables and colours by default. */
  isTty: boolean;
  /** stderr is a terminal: progress bars. */
  errIsTty: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  isTty: process.stdout.isTTY === true,
  errIsTty: process.stderr.isTTY === true,
};

export function paint(io: Io, style: Parameters<typeof styleText>[0], text: string): string {
  return io.isTty && !process.env.NO_COLOR ? styleText(style, text) : text;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** Plain text table with a header rule; widths from the content. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  // Widths count visible characters: colour codes take no room on screen.
  const width = (s: string) => stripVTControlCharacters(s).length;
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (cell: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(cell)));
    return columns[i]?.align === 'right' ? fill + cell : cell + fill;
  };
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').trimEnd();
  const header = line(columns.map((c) => c.header));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [header, rule, ...rows.map(line)].join('\n');
}

/** RFC 4180 CSV: fields with comma, quote or newline are quoted, quotes doubled. */
export function renderCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n');
}

/** 1234567.891 -> "1,234,567.89" */
export function groupThousands(decimal: string): string {
  const [int = '', frac] = decimal.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/**
 * Slack mrkdwn as terminal text: `*bold*`, `_italic_`, `~strike~` and code marks dropped, links and
 * mentions as their text, entities unescaped. A terminal shows the words, not Slack's markup.
 */
export function plainMrkdwn(text: string): string {
  return text
    .replace(/```/g, '')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<[@#!]([^|>]+)(\|([^>]+))?>/g, (_m, id: string, _l, label?: string) => `@${label ?? id}`)
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
