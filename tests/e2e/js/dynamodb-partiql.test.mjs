// PartiQL for DynamoDB through the AWS SDK for JavaScript v3: the low-level
// ExecuteStatementCommand and lib-dynamodb's DocumentClient commands, which
// marshal native parameters and unmarshal the Items. Run by
// tests/e2e/test_dynamodb_partiql.py with a fresh cloudlet's endpoint in CLOUDLET_ENDPOINT.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CreateTableCommand,
  DynamoDBClient,
  DuplicateItemException,
  ExecuteStatementCommand as RawExecuteStatementCommand,
} from "@aws-sdk/client-dynamodb";
import {
  BatchExecuteStatementCommand,
  DynamoDBDocumentClient,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
} from "@aws-sdk/lib-dynamodb";

const endpoint = process.env.CLOUDLET_ENDPOINT;
assert.ok(endpoint, "CLOUDLET_ENDPOINT must be set");
const ddb = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const doc = DynamoDBDocumentClient.from(ddb);

test("PartiQL through the JS SDK and the DocumentClient", async () => {
  await ddb.send(new CreateTableCommand({
    TableName: "js-partiql",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    BillingMode: "PAY_PER_REQUEST",
  }));

  // Native values as parameters: strings, numbers, booleans, null, lists, maps, sets.
  for (let sk = 1; sk <= 5; sk++) {
    await doc.send(new ExecuteStatementCommand({
      Statement: `INSERT INTO "js-partiql" VALUE {'pk': ?, 'sk': ?, 'ok': ?, 'none': ?, 'l': ?, 'm': ?, 'tags': ?}`,
      Parameters: ["user", sk, sk % 2 === 1, null, [sk, "x"], { depth: { n: sk } }, new Set(["a", `t${sk}`])],
    }));
  }
  await assert.rejects(
    ddb.send(new RawExecuteStatementCommand({
      Statement: `INSERT INTO "js-partiql" VALUE {'pk': 'user', 'sk': 1}`,
    })),
    (e) => e instanceof DuplicateItemException && e.message === "Duplicate primary key exists in table",
  );

  const odd = await doc.send(new ExecuteStatementCommand({
    Statement: `SELECT sk, m.depth, tags FROM "js-partiql" WHERE pk = ? AND ok = ? ORDER BY sk DESC`,
    Parameters: ["user", true],
  }));
  assert.deepEqual(odd.Items.map((i) => i.sk), [5, 3, 1]);
  assert.deepEqual(odd.Items[0].depth, { n: 5 });
  assert.ok(odd.Items[0].tags instanceof Set && odd.Items[0].tags.has("t5"));

  // Pages of two, followed to the end.
  const seen = [];
  let NextToken;
  do {
    const page = await doc.send(new ExecuteStatementCommand({
      Statement: `SELECT sk FROM "js-partiql" WHERE pk = 'user'`, Limit: 2, NextToken,
    }));
    seen.push(...page.Items.map((i) => i.sk));
    NextToken = page.NextToken;
  } while (NextToken);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);

  const updated = await doc.send(new ExecuteStatementCommand({
    Statement: `UPDATE "js-partiql" SET l = list_append(l, ?) SET m.depth.n = m.depth.n + 10 REMOVE "none"
                WHERE pk = 'user' AND sk = 2 RETURNING ALL NEW *`,
    Parameters: [["appended"]],
  }));
  assert.deepEqual(updated.Items[0].l, [2, "x", "appended"]);
  assert.equal(updated.Items[0].m.depth.n, 12);
  assert.equal("none" in updated.Items[0], false);

  const batch = await doc.send(new BatchExecuteStatementCommand({
    Statements: [
      { Statement: `SELECT sk FROM "js-partiql" WHERE pk = ? AND sk = ?`, Parameters: ["user", 4] },
      { Statement: `SELECT sk FROM "js-partiql" WHERE pk = ? AND sk = ?`, Parameters: ["user", 40] },
    ],
  }));
  assert.deepEqual(batch.Responses.map((r) => r.Item), [{ sk: 4 }, undefined]);

  await doc.send(new ExecuteStatementCommand({ Statement: `DELETE FROM "js-partiql" WHERE pk = 'user' AND sk = 5` }));
  const left = await doc.send(new ExecuteStatementCommand({ Statement: `SELECT sk FROM "js-partiql" WHERE pk = 'user'` }));
  assert.deepEqual(left.Items.map((i) => i.sk), [1, 2, 3, 4]);

  // A transaction: all or nothing.
  await doc.send(new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `UPDATE "js-partiql" SET ok = ? WHERE pk = 'user' AND sk = ?`, Parameters: [false, 1] },
      { Statement: `INSERT INTO "js-partiql" VALUE {'pk': 'user', 'sk': ?}`, Parameters: [6] },
    ],
  }));
  await assert.rejects(
    doc.send(new ExecuteTransactionCommand({
      TransactStatements: [
        { Statement: `INSERT INTO "js-partiql" VALUE {'pk': 'user', 'sk': 7}` },
        { Statement: `UPDATE "js-partiql" SET ok = true WHERE pk = 'user' AND sk = 1 AND ok = true` },
      ],
    })),
    (e) => e.name === "TransactionCanceledException" &&
      e.CancellationReasons.map((r) => r.Code).join() === "None,ConditionalCheckFailed",
  );
  const read = await doc.send(new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `SELECT ok FROM "js-partiql" WHERE pk = 'user' AND sk = 1` },
      { Statement: `SELECT sk FROM "js-partiql" WHERE pk = 'user' AND sk = 7` },
    ],
  }));
  assert.deepEqual(read.Responses.map((r) => r.Item), [{ ok: false }, undefined]);
});
