import { moneyColumns } from '../columns.js';
import { csvRelation, lit, moneyOf, q } from '../file-input.js';
import { FOCUS_COLUMNS } from '../focus-columns.js';
import { must } from '../line-source.js';
import { parseTags } from '../tags-json.js';
import { type ExportFormat, requireColumns, sqlOf, timestampDayCheck, timestampPeriod } from './format.js';

const TITLE = 'FOCUS';

/** FOCUS 1.0 to 1.2 (and costguard's own export, with x_model and x_stage). */
export const focusFormat: ExportFormat = {
  name: 'focus',
  title: TITLE,
  detect: (h) => h.has('chargeperiodstart') || (h.has('billedcost') && h.has('effectivecost')),
  async describe(_conn, input) {
    const map = requireColumns(input, FOCUS_COLUMNS, TITLE);
    const sql = sqlOf(input, map);
    const start = map.chargePeriodStart ?? '';
    const money = moneyColumns(map, FOCUS_COLUMNS);
    const typeOf = (t: string) => (c: string) => (money.has(c) ? t : 'VARCHAR');
    // ChargePeriodStart is read as text and cast in SQL: DuckDB's CSV reader yields NULL for an
    // unparsable TIMESTAMPTZ instead of failing, and TIMESTAMP would drop a UTC offset.
    const isCsv = input.kind === 'csv';
    // Every row must have both amounts: a NULL fails naming its line instead of being summed as 0.
    const required = (f: 'billedCost' | 'effectiveCost', m: string) => {
      const h = map[f] ?? '';
      return must(h, q(h), isCsv ? q(h) : moneyOf(q(h), sql.typeOf(f), m));
    };
    let tags: string | undefined;
    const tagsType = sql.typeOf('tags') ?? 'VARCHAR';
    if (map.tags) tags = /^(MAP|STRUCT)/.test(tagsType) ? `to_json(${q(map.tags)})` : q(map.tags);
    const relation = (m: string) =>
      isCsv ? csvRelation(input, typeOf(m)) : `read_parquet(${lit(input.file)})`;
    return {
      format: 'focus',
      input,
      title: TITLE,
      relation,
      day: must(start, q(start), `CAST(CAST(${q(start)} AS TIMESTAMPTZ) AS DATE)`),
      text: {
        provider: sql.col('provider'),
        billingAccountId: sql.col('billingAccountId'),
        subAccountId: map.subAccountId && sql.col('subAccountId'),
        serviceName: sql.col('serviceName'),
        regionId: map.regionId && sql.col('regionId'),
        resourceId: map.resourceId && sql.col('resourceId'),
        chargeCategory: sql.col('chargeCategory'),
        currency: sql.col('currency'),
        subAccountName: map.subAccountName && sql.col('subAccountName'),
        serviceCategory: map.serviceCategory && sql.col('serviceCategory'),
        resourceName: map.resourceName && sql.col('resourceName'),
      },
      ...(map.xModel || map.xStage
        ? {
            attributed: {
              model: sql.col('xModel'),
              stage: sql.col('xStage'),
              modelBy: sql.col('xModelBy'),
              stageBy: sql.col('xStageBy'),
            },
          }
        : {}),
      ...(tags ? { tags, parseTags } : {}),
      billed: (m) => `CAST(${required('billedCost', m)} AS ${m})`,
      effective: (m) => `CAST(${required('effectiveCost', m)} AS ${m})`,
      list: (m) => sql.money('listCost', m),
      lines: {
        relation: isCsv ? csvRelation(input) : relation('VARCHAR'),
        offset: isCsv ? 1 : 0,
      },
      dayCheck: timestampDayCheck(start, 'expected ISO 8601, e.g. 2024-09-01T00:00:00Z'),
      ...(map.billingPeriodStart
        ? { period: timestampPeriod(map.billingPeriodStart, map.billingPeriodEnd) }
        : {}),
      moneyColumns: [...money],
    };
  },
};
