import { q } from '../file-input.js';
import { FOCUS_COLUMNS } from '../focus-columns.js';
import { parseTags } from '../tags-json.js';
import { type ExportFormat, openFormat, timestampDay, timestampPeriod } from './format.js';

const TITLE = 'FOCUS';

/** FOCUS 1.0 to 1.2 (and costguard's own export, with x_model and x_stage). */
export const focusFormat: ExportFormat = {
  name: 'focus',
  title: TITLE,
  detect: (h) => h.has('chargeperiodstart') || (h.has('billedcost') && h.has('effectivecost')),
  async describe(_conn, input) {
    const { map, sql, money, jsonColumns, relation, lines } = openFormat(input, FOCUS_COLUMNS, TITLE);
    // ChargePeriodStart is read as text and cast in SQL: DuckDB's CSV reader yields NULL for an
    // unparsable TIMESTAMPTZ instead of failing, and TIMESTAMP would drop a UTC offset.
    const start = map.chargePeriodStart ?? '';
    let tags: string | undefined;
    const tagsType = sql.typeOf('tags') ?? 'VARCHAR';
    if (map.tags) tags = /^(MAP|STRUCT)/.test(tagsType) ? `to_json(${q(map.tags)})` : q(map.tags);
    return {
      format: 'focus',
      input,
      title: TITLE,
      relation,
      ...timestampDay(start, 'expected ISO 8601, e.g. 2024-09-01T00:00:00Z'),
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
      // Every row must have both amounts: a NULL fails naming its line instead of being summed as 0.
      billed: (m) => sql.required('billedCost', m),
      effective: (m) => sql.required('effectiveCost', m),
      list: (m) => sql.money('listCost', m),
      lines,
      ...timestampPeriod(map.billingPeriodStart, map.billingPeriodEnd),
      moneyColumns: [...money],
      jsonColumns: jsonColumns,
    };
  },
};
