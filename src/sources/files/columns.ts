/**
 * Declarative column tables: each export format lists the columns it reads, with the header names it
 * accepts in order of preference. Header names match ignoring case, surrounding spaces and a byte
 * order mark. Columns a table does not list are ignored.
 */
export interface ColumnSpec {
  /** Names in order of preference. */
  names: readonly string[];
  required: boolean;
  kind: 'money' | 'timestamp' | 'text' | 'json';
}

export type ColumnTable = Readonly<Record<string, ColumnSpec>>;

/** A column every file of the format has, by its header names in order of preference. */
export const required = (kind: ColumnSpec['kind'], ...names: string[]): ColumnSpec => ({
  names,
  required: true,
  kind,
});

/** A column the format reads when the file has it. */
export const optional = (kind: ColumnSpec['kind'], ...names: string[]): ColumnSpec => ({
  names,
  required: false,
  kind,
});

/** Field -> the header name the file uses, for the fields the file has. */
export type HeaderMap<T extends ColumnTable> = Partial<Record<keyof T & string, string>>;

export const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

export function mapHeader<T extends ColumnTable>(
  header: readonly string[],
  table: T,
): { map: HeaderMap<T>; missing: string[] } {
  const byLower = new Map(header.map((h) => [headerKey(h), h]));
  const map: HeaderMap<T> = {};
  const missing: string[] = [];
  for (const [field, col] of Object.entries(table) as [keyof T & string, ColumnSpec][]) {
    const found = col.names.map((n) => byLower.get(n.toLowerCase())).find((h) => h !== undefined);
    if (found !== undefined) map[field] = found;
    else if (col.required) missing.push(col.names.join(' or '));
  }
  return { map, missing };
}

/** The header names of the columns of `kind` the map found (money: CSV reads exactly these as decimals). */
export function columnsOfKind<T extends ColumnTable>(
  map: HeaderMap<T>,
  table: T,
  kind: ColumnSpec['kind'],
): Set<string> {
  const out = new Set<string>();
  for (const [field, col] of Object.entries(table)) {
    const h = map[field as keyof T & string];
    if (col.kind === kind && h !== undefined) out.add(h);
  }
  return out;
}

/**
 * The first column of `table` that the header has more than once, matching as mapHeader does (case,
 * surrounding spaces): which of two `BilledCost` columns holds the amounts cannot be known. Returns
 * the 1-based positions and the names as written.
 */
export function repeatedColumn(
  header: readonly string[],
  table: ColumnTable,
): { name: string; at: { position: number; written: string }[] } | undefined {
  const byKey = new Map<string, { position: number; written: string }[]>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    byKey.set(k, [...(byKey.get(k) ?? []), { position: i + 1, written: h }]);
  });
  for (const col of Object.values(table)) {
    for (const n of col.names) {
      const at = byKey.get(n.toLowerCase());
      if (at && at.length > 1) return { name: n, at };
    }
  }
  return undefined;
}
