// DynamoDB transactions through the AWS SDK for JavaScript v3: the
// DocumentClient's TransactWrite/TransactGet and the typed
// TransactionCanceledException. Run by tests/e2e/test_dynamodb_transactions.py.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CreateTableCommand, DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, TransactGetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";

const endpoint = process.env.CLOUDLET_ENDPOINT;
assert.ok(endpoint, "CLOUDLET_ENDPOINT must be set");
const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const doc = DynamoDBDocumentClient.from(client);

test("transactions: write, cancel with reasons, read back", async () => {
  await client.send(new CreateTableCommand({
    TableName: "js_accounts",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    BillingMode: "PAY_PER_REQUEST",
  }));
  await doc.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: "js_accounts", Item: { id: "a", balance: 100 } } },
      { Put: { TableName: "js_accounts", Item: { id: "b", balance: 0 } } },
    ],
  }));
  await doc.send(new TransactWriteCommand({
    TransactItems: [
      { Update: { TableName: "js_accounts", Key: { id: "a" }, UpdateExpression: "SET balance = balance - :n",
                  ConditionExpression: "balance >= :n", ExpressionAttributeValues: { ":n": 30 } } },
      { Update: { TableName: "js_accounts", Key: { id: "b" }, UpdateExpression: "SET balance = balance + :n",
                  ExpressionAttributeValues: { ":n": 30 } } },
    ],
  }));
  await assert.rejects(
    doc.send(new TransactWriteCommand({
      TransactItems: [
        { ConditionCheck: { TableName: "js_accounts", Key: { id: "b" }, ConditionExpression: "attribute_exists(id)" } },
        { Update: { TableName: "js_accounts", Key: { id: "a" }, UpdateExpression: "SET balance = balance - :n",
                    ConditionExpression: "balance >= :n", ExpressionAttributeValues: { ":n": 1000 },
                    ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
      ],
    })),
    (err) => {
      assert.ok(err instanceof TransactionCanceledException, err.name);
      assert.equal(err.message,
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
      assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ["None", "ConditionalCheckFailed"]);
      assert.equal(err.CancellationReasons[1].Item.balance.N, "70");
      return true;
    });
  const got = await doc.send(new TransactGetCommand({
    TransactItems: [
      { Get: { TableName: "js_accounts", Key: { id: "a" } } },
      { Get: { TableName: "js_accounts", Key: { id: "b" }, ProjectionExpression: "balance" } },
      { Get: { TableName: "js_accounts", Key: { id: "nobody" } } },
    ],
  }));
  assert.deepEqual(got.Responses.map((r) => r.Item), [{ id: "a", balance: 70 }, { balance: 30 }, undefined]);
  const b = await doc.send(new GetCommand({ TableName: "js_accounts", Key: { id: "b" } }));
  assert.equal(b.Item.balance, 30);
});
