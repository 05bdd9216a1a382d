import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { type DynamoTable, tableDefinition } from '../../src/store/dynamodb/table.js';

/** A real DynamoDB-compatible server (dynalite, in memory) on a free loopback port. */
export interface LocalDynamo {
  endpoint: string;
  /** A client pointed at the server, with dummy credentials (dynalite checks none). */
  client(): DynamoDBClient;
  /** Creates a fresh table with costguard's definition and returns a handle on it. */
  createTable(name?: string): Promise<DynamoTable & { client: DynamoDBClient }>;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = () =>
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  return {
    endpoint,
    client,
    async createTable(name = `costguard-${randomUUID().slice(0, 8)}`) {
      const c = client();
      await c.send(new CreateTableCommand(tableDefinition(name)));
      return { client: c, doc: DynamoDBDocumentClient.from(c), name };
    },
    close: () => new Promise<void>((res, rej) => server.close((e) => (e ? rej(e) : res()))),
  };
}
