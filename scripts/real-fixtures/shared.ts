// Shared by the published-schema fixture generators: a seeded random source (the files must come out
// byte for byte the same on every run) and CSV writing as the clouds write it.

/** mulberry32: a small seeded PRNG; the same seed gives the same sequence on every machine. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** A decimal string in [min, max) with `decimals` places, built from integers (no float rounding). */
    amount(min: number, max: number, decimals: number): string {
      const scale = 10 ** decimals;
      const units = Math.floor(min * scale + next() * (max - min) * scale);
      return decimal(BigInt(units), decimals);
    },
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)] as T;
    },
    hex(n: number): string {
      let s = '';
      for (let i = 0; i < n; i += 1) s += Math.floor(next() * 16).toString(16);
      return s;
    },
  };
}

/** `units` * 10^-decimals as a plain decimal string ("-0.000123"). */
export function decimal(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const text = decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  return negative ? `-${text}` : text;
}

/** A decimal string times a ratio, rounded down to `decimals` places (what a cloud's own rounding gives). */
export function times(value: string, ratio: number, decimals: number): string {
  const [int = '0', frac = ''] = value.replace('-', '').split('.');
  const units = BigInt(int + frac.padEnd(decimals, '0').slice(0, decimals));
  const scaled = (units * BigInt(Math.round(ratio * 1_000_000))) / 1_000_000n;
  return decimal(value.startsWith('-') ? -scaled : scaled, decimals);
}

/** Adds decimal strings exactly at `decimals` places. */
export function plus(decimals: number, ...values: string[]): string {
  let sum = 0n;
  for (const v of values) {
    const neg = v.startsWith('-');
    const [int = '0', frac = ''] = v.replace('-', '').split('.');
    const u = BigInt(int + frac.padEnd(decimals, '0').slice(0, decimals));
    sum += neg ? -u : u;
  }
  return decimal(sum, decimals);
}

const quoted = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** CSV text: a header, then each row's values in header order; quotes only where needed, CRLF or LF. */
export function csv(header: readonly string[], rows: readonly Record<string, string>[], eol = '\n'): string {
  const lines = [header.join(','), ...rows.map((r) => header.map((h) => quoted(r[h] ?? '')).join(','))];
  return `${lines.join(eol)}${eol}`;
}

/** The days of the fixtures' month that carry charges. */
export const DAYS = ['2024-10-01', '2024-10-02', '2024-10-03'] as const;
