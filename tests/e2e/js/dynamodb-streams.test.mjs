// DynamoDB Streams through the AWS SDK for JavaScript v3
// (@aws-sdk/client-dynamodb-streams). Run by tests/e2e/test_dynamodb_js.py
// with a fresh cloudlet's endpoint in CLOUDLET_ENDPOINT.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CreateTableCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb-streams";

const endpoint = process.env.CLOUDLET_ENDPOINT;
assert.ok(endpoint, "CLOUDLET_ENDPOINT must be set");
const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
const ddb = new DynamoDBClient(config);
const streams = new DynamoDBStreamsClient(config);

test("stream records through the JS SDK", async () => {
  const created = await ddb.send(new CreateTableCommand({
    TableName: "js-streams",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
  }));
  const arn = created.TableDescription.LatestStreamArn;
  await ddb.send(new PutItemCommand({ TableName: "js-streams", Item: { pk: { S: "a" }, n: { N: "1" } } }));
  await ddb.send(new UpdateItemCommand({
    TableName: "js-streams", Key: { pk: { S: "a" } }, UpdateExpression: "SET n = :n",
    ExpressionAttributeValues: { ":n": { N: "2" } },
  }));

  const listed = await streams.send(new ListStreamsCommand({ TableName: "js-streams" }));
  assert.deepEqual(listed.Streams.map((s) => s.StreamArn), [arn]);
  const described = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  assert.equal(described.StreamDescription.StreamStatus, "ENABLED");
  assert.ok(described.StreamDescription.CreationRequestDateTime instanceof Date);
  const shard = described.StreamDescription.Shards[0];
  const { ShardIterator } = await streams.send(new GetShardIteratorCommand({
    StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON",
  }));
  const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
  assert.deepEqual(page.Records.map((r) => r.eventName), ["INSERT", "MODIFY"]);
  assert.deepEqual(page.Records[1].dynamodb.OldImage.n, { N: "1" });
  assert.deepEqual(page.Records[1].dynamodb.NewImage.n, { N: "2" });
  assert.ok(page.Records[0].dynamodb.ApproximateCreationDateTime instanceof Date);
  assert.ok(page.NextShardIterator);

  await assert.rejects(
    streams.send(new DescribeStreamCommand({ StreamArn: arn.replace("js-streams", "js-missing") })),
    (e) => e instanceof ResourceNotFoundException,
  );
});
