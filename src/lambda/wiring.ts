import { SSMClient } from '@aws-sdk/client-ssm';
import type { CostguardConfig } from '../config/schema.js';
import type { Clock } from '../core/ports.js';
import { type DynamoStores, dynamoStores, dynamoTable } from '../store/dynamodb/stores.js';
import type { DynamoTable } from '../store/dynamodb/table.js';
import { type LambdaEnv, loadLambdaConfig, readEnv } from './runtime.js';
import { cachedParameters, type ParameterReader } from './secrets.js';

/**
 * The Lambda runtime's wiring: the one place that joins the DynamoDB adapters, the SSM parameters and
 * the Slack client to the use cases. Built once per container on first use (not at module load, so
 * that importing a handler in a test creates no client); each function's handler takes what it needs.
 * SDK clients read the region and credentials Lambda provides. The Slack side is in slack-wiring.ts,
 * so that a function without Slack (ingest) does not bundle Bolt.
 */
export interface LambdaWiring {
  env: LambdaEnv;
  table: DynamoTable;
  params: ParameterReader;
  config: () => Promise<CostguardConfig>;
  clock: Clock;
  /** The stores on the table (thin: they hold the table handle only). */
  stores: DynamoStores;
}

export function coldStart(): LambdaWiring {
  current ??= build();
  return current;
}
let current: LambdaWiring | undefined;

/** A promise kept once it succeeds; a failed one is forgotten so that the next invocation retries. */
export function retryingOnce<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    if (!p) {
      p = make();
      p.catch(() => {
        p = undefined;
      });
    }
    return p;
  };
}

function build(): LambdaWiring {
  const env = readEnv();
  const params = cachedParameters(new SSMClient({}));
  const table = dynamoTable(env.tableName);
  const config = retryingOnce(() => loadLambdaConfig(env, params));
  return {
    env,
    table,
    params,
    config,
    clock: { now: () => new Date() },
    stores: dynamoStores(table),
  };
}
