// DynamoDB through the AWS SDK for JavaScript v3 (client and DocumentClient)
// and a Dynamoose model. Run by tests/e2e/test_dynamodb_js.py, which starts a
// fresh cloudlet and passes its endpoint in CLOUDLET_ENDPOINT.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import dynamoose from "dynamoose";

const endpoint = process.env.CLOUDLET_ENDPOINT;
assert.ok(endpoint, "CLOUDLET_ENDPOINT must be set");
const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
const client = new DynamoDBClient(config);
const doc = DynamoDBDocumentClient.from(client);

test("client: create, list, wait", async () => {
  await client.send(new CreateTableCommand({
    TableName: "orders",
    KeySchema: [{ AttributeName: "customer", KeyType: "HASH" }, { AttributeName: "orderId", KeyType: "RANGE" }],
    AttributeDefinitions: [
      { AttributeName: "customer", AttributeType: "S" },
      { AttributeName: "orderId", AttributeType: "N" },
    ],
    BillingMode: "PAY_PER_REQUEST",
  }));
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 1 }, { TableName: "orders" });
  const tables = await client.send(new ListTablesCommand({}));
  assert.deepEqual(tables.TableNames, ["orders"]);
});

test("DocumentClient: put, get, update, query, scan, delete", async () => {
  for (let i = 1; i <= 5; i++) {
    await doc.send(new PutCommand({
      TableName: "orders",
      Item: { customer: "ada", orderId: i, amount: i * 10.5, items: ["x", "y"], meta: { rush: i % 2 === 0 } },
    }));
  }
  const got = await doc.send(new GetCommand({ TableName: "orders", Key: { customer: "ada", orderId: 2 } }));
  assert.deepEqual(got.Item, { customer: "ada", orderId: 2, amount: 21, items: ["x", "y"], meta: { rush: true } });

  const updated = await doc.send(new UpdateCommand({
    TableName: "orders",
    Key: { customer: "ada", orderId: 2 },
    UpdateExpression: "SET amount = amount + :t, #m.#r = :r",
    ExpressionAttributeNames: { "#m": "meta", "#r": "rush" },
    ExpressionAttributeValues: { ":t": 0.5, ":r": false },
    ReturnValues: "ALL_NEW",
  }));
  assert.equal(updated.Attributes.amount, 21.5);
  assert.equal(updated.Attributes.meta.rush, false);

  const q = await doc.send(new QueryCommand({
    TableName: "orders",
    KeyConditionExpression: "customer = :c AND orderId >= :min",
    FilterExpression: "amount > :t",
    ExpressionAttributeValues: { ":c": "ada", ":min": 2, ":t": 30 },
    ScanIndexForward: false,
  }));
  assert.deepEqual(q.Items.map((i) => i.orderId), [5, 4, 3]);
  assert.equal(q.ScannedCount, 4);

  const s = await doc.send(new ScanCommand({ TableName: "orders", ProjectionExpression: "orderId" }));
  assert.equal(s.Count, 5);
  assert.deepEqual(Object.keys(s.Items[0]), ["orderId"]);

  await doc.send(new DeleteCommand({ TableName: "orders", Key: { customer: "ada", orderId: 1 } }));
  const gone = await doc.send(new GetCommand({ TableName: "orders", Key: { customer: "ada", orderId: 1 } }));
  assert.equal(gone.Item, undefined);
});

test("errors are typed as the SDK expects", async () => {
  await assert.rejects(
    doc.send(new PutCommand({
      TableName: "orders", Item: { customer: "ada", orderId: 3 }, ConditionExpression: "attribute_not_exists(orderId)",
    })),
    (err) => err instanceof ConditionalCheckFailedException && err.message === "The conditional request failed",
  );
  await assert.rejects(
    doc.send(new GetCommand({ TableName: "missing", Key: { id: "x" } })),
    (err) => err instanceof ResourceNotFoundException,
  );
});

test("Dynamoose model: create, get, update, query, scan, conditional failure", async () => {
  const ddb = new dynamoose.aws.ddb.DynamoDB(config);
  dynamoose.aws.ddb.set(ddb);
  const Cat = dynamoose.model("Cat", new dynamoose.Schema({
    owner: { type: String, hashKey: true },
    name: { type: String, rangeKey: true },
    age: Number,
    toys: { type: Set, schema: [String] },
  }), { create: true, waitForActive: { enabled: true, check: { timeout: 10000, frequency: 200 } } });
  await Cat.create({ owner: "ada", name: "Tom", age: 3, toys: new Set(["ball"]) });
  await Cat.create({ owner: "ada", name: "Zoe", age: 5 });
  const tom = await Cat.get({ owner: "ada", name: "Tom" });
  assert.equal(tom.age, 3);
  assert.ok(tom.toys.has("ball"));
  await Cat.update({ owner: "ada", name: "Tom" }, { $ADD: { age: 1 } });
  assert.equal((await Cat.get({ owner: "ada", name: "Tom" })).age, 4);
  const cats = await Cat.query("owner").eq("ada").exec();
  assert.deepEqual(cats.map((c) => c.name), ["Tom", "Zoe"]);
  const old = await Cat.scan("age").gt(4).exec();
  assert.deepEqual(old.map((c) => c.name), ["Zoe"]);
  await assert.rejects(
    Cat.create({ owner: "ada", name: "Tom", age: 1 }),
    (err) => err.name === "ConditionalCheckFailedException",
  );
});
