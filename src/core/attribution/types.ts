import type { ClusterSpec } from '../clusters/types.js';
import type { LineMatch } from './line-match.js';
import type { TagValueCase } from './tags.js';

export type { LineMatch } from './line-match.js';

/** Attribution settings as the core sees them (validated and defaulted by src/config). */
export interface DimensionSpec {
  /** Tag keys in priority order; the first one a line carries with a non-empty value wins. */
  tagKeys: readonly string[];
  /** Lowercased value -> canonical value ("production" -> "serve"); matched ignoring case. */
  valueAliases: Readonly<Record<string, string>>;
}

export interface AttributionRule {
  name: string;
  match: LineMatch;
  set: { model?: string; stage?: string };
}

export type SplitMethod = 'proportional' | 'even' | 'weights';

export interface SharedCostSpec {
  name: string;
  match: LineMatch;
  /**
   * proportional: by each model's effective spend that day (same provider and currency);
   * even: equal parts across the models with spend that day (or `among`);
   * weights: fixed weights per model.
   */
  split: SplitMethod;
  weights?: Readonly<Record<string, number>>;
  /** Restrict proportional/even splits to these models. */
  among?: readonly string[];
}

export interface AttributionConfig {
  dimensions: { model: DimensionSpec; stage: DimensionSpec };
  /** The value given to a dimension nothing could attribute. */
  unattributed: string;
  rules: readonly AttributionRule[];
  sharedCosts: readonly SharedCostSpec[];
  /**
   * Tag values (and rule values) become model and stage names trimmed and lowercased ('lower', the
   * default: `Prod` and `prod` are one stage) or trimmed only ('keep'). Aliases match ignoring case.
   */
  tagValueCase?: TagValueCase;
  /**
   * Project labels (CostLine.projectTags, Google's `project.labels`): 'fallback' (the default) gives a
   * dimension the resource's tags leave empty its value from them, before rules; 'ignore' never reads them.
   */
  projectLabels?: ProjectLabels;
  /**
   * Kubernetes clusters whose lines in the bill (found by the clouds' cluster tags) are split per
   * workload from OpenCost allocations (core/clusters); before the split they are one lump per cluster.
   */
  clusters?: readonly ClusterSpec[];
}

export type ProjectLabels = 'fallback' | 'ignore';

export const DEFAULT_ATTRIBUTION: AttributionConfig = {
  dimensions: {
    model: { tagKeys: ['model', 'ml-model', 'model_name'], valueAliases: {} },
    stage: {
      tagKeys: ['stage', 'env', 'environment'],
      valueAliases: { production: 'serve', prod: 'serve', training: 'train', development: 'dev' },
    },
  },
  unattributed: 'unattributed',
  rules: [],
  sharedCosts: [],
  tagValueCase: 'lower',
  projectLabels: 'fallback',
  clusters: [],
};
