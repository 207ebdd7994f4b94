// A GSI with multi-attribute keys through the AWS SDK for JavaScript v3:
// CreateTable with two partition and two sort attributes, DescribeTable,
// and DocumentClient queries over the composite keys with paging. Run by
// tests/e2e/test_dynamodb_multi_attribute_indexes.py with CLOUDLET_ENDPOINT.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";

const endpoint = process.env.CLOUDLET_ENDPOINT;
assert.ok(endpoint, "CLOUDLET_ENDPOINT must be set");
const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const doc = DynamoDBDocumentClient.from(client);

const keySchema = [
  { AttributeName: "org", KeyType: "HASH" },
  { AttributeName: "dept", KeyType: "HASH" },
  { AttributeName: "level", KeyType: "RANGE" },
  { AttributeName: "name", KeyType: "RANGE" },
];

test("multi-attribute GSI: create, describe, query left to right, page", async () => {
  await client.send(new CreateTableCommand({
    TableName: "people",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    AttributeDefinitions: [
      { AttributeName: "id", AttributeType: "S" },
      { AttributeName: "org", AttributeType: "S" },
      { AttributeName: "dept", AttributeType: "S" },
      { AttributeName: "level", AttributeType: "N" },
      { AttributeName: "name", AttributeType: "S" },
    ],
    GlobalSecondaryIndexes: [{ IndexName: "byDept", KeySchema: keySchema, Projection: { ProjectionType: "ALL" } }],
    BillingMode: "PAY_PER_REQUEST",
  }));
  const described = await client.send(new DescribeTableCommand({ TableName: "people" }));
  assert.deepEqual(described.Table.GlobalSecondaryIndexes[0].KeySchema, keySchema);

  const people = [];
  for (let i = 0; i < 10; i++) {
    people.push({ id: `u${i}`, org: "acme", dept: i < 7 ? "eng" : "ops", level: 10 - (i % 3), name: `n${9 - i}` });
  }
  await doc.send(new BatchWriteCommand({ RequestItems: { people: people.map((Item) => ({ PutRequest: { Item } })) } }));

  const eng = people.filter((p) => p.dept === "eng")
    .sort((a, b) => a.level - b.level || a.name.localeCompare(b.name)).map((p) => p.id);
  const seen = [];
  let ExclusiveStartKey;
  do {
    const page = await doc.send(new QueryCommand({
      TableName: "people", IndexName: "byDept", Limit: 3, ExclusiveStartKey,
      KeyConditionExpression: "org = :o AND dept = :d",
      ExpressionAttributeValues: { ":o": "acme", ":d": "eng" },
    }));
    seen.push(...page.Items.map((p) => p.id));
    ExclusiveStartKey = page.LastEvaluatedKey;
    if (ExclusiveStartKey) assert.deepEqual(Object.keys(ExclusiveStartKey).sort(), ["dept", "id", "level", "name", "org"]);
  } while (ExclusiveStartKey);
  assert.deepEqual(seen, eng);

  const top = await doc.send(new QueryCommand({
    TableName: "people", IndexName: "byDept",
    KeyConditionExpression: "org = :o AND dept = :d AND #l = :l AND begins_with(#n, :p)",
    ExpressionAttributeNames: { "#l": "level", "#n": "name" },
    ExpressionAttributeValues: { ":o": "acme", ":d": "eng", ":l": 10, ":p": "n" },
  }));
  assert.deepEqual(top.Items.map((p) => p.id), people.filter((p) => p.dept === "eng" && p.level === 10)
    .sort((a, b) => a.name.localeCompare(b.name)).map((p) => p.id));

  await assert.rejects(doc.send(new QueryCommand({
    TableName: "people", IndexName: "byDept", KeyConditionExpression: "org = :o",
    ExpressionAttributeValues: { ":o": "acme" },
  })), (e) => e.name === "ValidationException" && e.message === "Query condition missed key schema element: dept");
});
