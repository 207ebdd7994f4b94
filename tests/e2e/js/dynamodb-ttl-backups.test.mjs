// DynamoDB time to live and on-demand backups through the AWS SDK for
// JavaScript v3: UpdateTimeToLive/DescribeTimeToLive and the sweeper
// deleting an expired item; CreateBackup, ListBackups, RestoreTableFromBackup
// and DeleteBackup. Run by tests/e2e/test_dynamodb_ttl.py (which starts
// cloudlet with a short --ttl-sweep-ms).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CreateBackupCommand, CreateTableCommand, DeleteBackupCommand, DescribeTableCommand, DescribeTimeToLiveCommand,
  DynamoDBClient, ListBackupsCommand, RestoreTableFromBackupCommand, UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";

const endpoint = process.env.CLOUDLET_ENDPOINT;
assert.ok(endpoint, "CLOUDLET_ENDPOINT must be set");
const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const doc = DynamoDBDocumentClient.from(client);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function createTable(name) {
  await client.send(new CreateTableCommand({
    TableName: name, BillingMode: "PAY_PER_REQUEST",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
  }));
}

test("time to live: enable, describe, expired item swept, live item kept", async () => {
  await createTable("js_sessions");
  const enabled = await client.send(new UpdateTimeToLiveCommand({
    TableName: "js_sessions", TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" },
  }));
  assert.deepEqual(enabled.TimeToLiveSpecification, { Enabled: true, AttributeName: "expires" });
  const described = await client.send(new DescribeTimeToLiveCommand({ TableName: "js_sessions" }));
  assert.equal(described.TimeToLiveDescription.TimeToLiveStatus, "ENABLED");
  assert.equal(described.TimeToLiveDescription.AttributeName, "expires");
  await assert.rejects(client.send(new UpdateTimeToLiveCommand({
    TableName: "js_sessions", TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" },
  })), (e) => e.name === "ValidationException" && /already enabled/.test(e.message));

  const now = Math.floor(Date.now() / 1000);
  await doc.send(new PutCommand({ TableName: "js_sessions", Item: { id: "old", expires: now - 60 } }));
  await doc.send(new PutCommand({ TableName: "js_sessions", Item: { id: "new", expires: now + 3600 } }));
  await doc.send(new PutCommand({ TableName: "js_sessions", Item: { id: "text", expires: "yesterday" } }));
  let gone = false;
  for (let i = 0; i < 100 && !gone; i++) {
    gone = (await doc.send(new GetCommand({ TableName: "js_sessions", Key: { id: "old" } }))).Item === undefined;
    if (!gone) await sleep(100);
  }
  assert.ok(gone, "the expired item was not deleted");
  const left = (await doc.send(new ScanCommand({ TableName: "js_sessions" }))).Items.map((i) => i.id).sort();
  assert.deepEqual(left, ["new", "text"]);
});

test("backups: create, list, restore into a new table, delete", async () => {
  await createTable("js_orders");
  for (let i = 0; i < 5; i++) await doc.send(new PutCommand({ TableName: "js_orders", Item: { id: `o${i}`, n: i } }));
  const created = await client.send(new CreateBackupCommand({ TableName: "js_orders", BackupName: "nightly" }));
  const arn = created.BackupDetails.BackupArn;
  assert.match(arn, /^arn:aws:dynamodb:us-east-1:\d{12}:table\/js_orders\/backup\//);
  await doc.send(new PutCommand({ TableName: "js_orders", Item: { id: "after", n: 99 } }));
  const listed = await client.send(new ListBackupsCommand({ TableName: "js_orders" }));
  assert.deepEqual(listed.BackupSummaries.map((b) => b.BackupName), ["nightly"]);

  await client.send(new RestoreTableFromBackupCommand({ TargetTableName: "js_orders_copy", BackupArn: arn }));
  let status = "";
  for (let i = 0; i < 100 && status !== "ACTIVE"; i++) {
    status = (await client.send(new DescribeTableCommand({ TableName: "js_orders_copy" }))).Table.TableStatus;
    if (status !== "ACTIVE") await sleep(50);
  }
  assert.equal(status, "ACTIVE");
  const copied = (await doc.send(new ScanCommand({ TableName: "js_orders_copy" }))).Items.map((i) => i.id).sort();
  assert.deepEqual(copied, ["o0", "o1", "o2", "o3", "o4"]);

  await client.send(new DeleteBackupCommand({ BackupArn: arn }));
  await assert.rejects(client.send(new DeleteBackupCommand({ BackupArn: arn })),
    (e) => e.name === "BackupNotFoundException");
});
