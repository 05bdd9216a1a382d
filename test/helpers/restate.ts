// Restates one past day of the simulated world: every row of the day gets new amounts, in the ground
// truth (world.rows) and in what each cloud's fake serves, consistently.
import { formatMoney, type Money, parseMoney } from '../../src/core/money.js';
import type { SpendRow } from '../../src/sim/spend.js';
import type { SimWorld } from '../../src/sim/world.js';

const text = (m: Money) => formatMoney(m, 12);

/**
 * Scales the day's amounts by `num/den` (exact: 10-decimal amounts times 11/10 stay within the 12
 * decimals money carries) and zeroes every `zeroEvery`-th row of the day (a charge restated away).
 * The fakes' rows were derived from world.rows cloud by cloud in order; the pairing is checked.
 */
export function restateDay(world: SimWorld, day: string, num = 11n, den = 10n, zeroEvery = 7): number {
  let changed = 0;
  const served: Record<SpendRow['cloud'], readonly object[]> = {
    aws: world.aws.rows,
    gcp: world.gcp.rows,
    azure: world.azure.rows,
  };
  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    const truth = world.rows.filter((r) => r.cloud === cloud);
    const rows = served[cloud];
    if (rows.length !== truth.length)
      throw new Error(`restateDay: ${cloud} serves ${rows.length} rows, the world has ${truth.length}`);
    truth.forEach((t, i) => {
      if (t.day !== day) return;
      const row = rows[i] as Record<string, unknown>;
      if (row.day !== t.day) throw new Error(`restateDay: ${cloud} row ${i} is not the world's row`);
      changed += 1;
      const scale = (a: string) => (changed % zeroEvery === 0 ? 0n : (parseMoney(a) * num) / den);
      const billed = scale(t.billed);
      const effective = scale(t.effective);
      t.billed = text(billed);
      t.effective = text(effective);
      // A cluster row's parts scale with it (the allocations, its weights, stay as they were).
      if (t.parts) t.parts = t.parts.map((p) => ({ ...p, amount: text(scale(p.amount)) }));
      if (cloud === 'aws') Object.assign(row, { unblended: t.billed, amortized: t.effective });
      if (cloud === 'gcp') Object.assign(row, { cost: t.billed, credits: text(effective - billed) });
      if (cloud === 'azure') Object.assign(row, { actual: t.billed, amortized: t.effective });
    });
  }
  return changed;
}
