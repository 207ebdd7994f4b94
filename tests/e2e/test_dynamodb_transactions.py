"""DynamoDB TransactWriteItems and TransactGetItems through boto3 (and the JS SDK v3).

Covers atomicity, conditions and cancellation reasons in request order,
idempotency tokens, consumed capacity and item collection metrics, index
maintenance inside a transaction, and concurrency: transfers between accounts
racing with single-item writes keep their sum, and concurrent transactions on
the same items report TransactionConflict as DynamoDB does.
"""
import os
import subprocess
import threading
import unittest

from botocore.config import Config
from botocore.exceptions import ClientError
import boto3

from harness import Cloudlet

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


def put(table, item):
    return {"Put": {"TableName": table, "Item": item}}


class DynamoDbTransactionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = cls.c.client("dynamodb")
        # boto3's own checks off, so requests DynamoDB rejects reach the server.
        cls.raw = boto3.client("dynamodb", endpoint_url=cls.c.endpoint, region_name="us-east-1",
                               aws_access_key_id="test", aws_secret_access_key="test",
                               config=Config(parameter_validation=False, retries={"max_attempts": 1}))
        cls.ddb.create_table(TableName="accounts", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                             BillingMode="PAY_PER_REQUEST")
        cls.ddb.create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"},
                                  {"AttributeName": "n", "AttributeType": "N"},
                                  {"AttributeName": "status", "AttributeType": "S"},
                                  {"AttributeName": "placed", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_status", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            LocalSecondaryIndexes=[{"IndexName": "by_placed",
                                    "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                                                  {"AttributeName": "placed", "KeyType": "RANGE"}],
                                    "Projection": {"ProjectionType": "KEYS_ONLY"}}],
            BillingMode="PAY_PER_REQUEST")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def error_of(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response

    def get(self, table, key):
        return self.ddb.get_item(TableName=table, Key=key).get("Item")

    def test_all_four_actions_commit_together(self):
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t1-upd"}, "v": {"N": "1"}})
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t1-del"}})
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t1-chk"}, "ok": {"BOOL": True}})
        self.ddb.transact_write_items(TransactItems=[
            put("accounts", {"id": {"S": "t1-new"}}),
            {"Update": {"TableName": "accounts", "Key": {"id": {"S": "t1-upd"}}, "UpdateExpression": "ADD v :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Delete": {"TableName": "accounts", "Key": {"id": {"S": "t1-del"}}}},
            {"ConditionCheck": {"TableName": "accounts", "Key": {"id": {"S": "t1-chk"}},
                                "ConditionExpression": "ok = :t", "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
        ])
        self.assertIsNotNone(self.get("accounts", {"id": {"S": "t1-new"}}))
        self.assertEqual(self.get("accounts", {"id": {"S": "t1-upd"}})["v"]["N"], "2")
        self.assertIsNone(self.get("accounts", {"id": {"S": "t1-del"}}))

    def test_a_failed_condition_cancels_everything_with_reasons_in_order(self):
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t2-a"}, "v": {"N": "5"}})
        resp = self.error_of(self.ddb.transact_write_items, TransactItems=[
            put("accounts", {"id": {"S": "t2-new"}}),
            {"Update": {"TableName": "accounts", "Key": {"id": {"S": "t2-a"}}, "UpdateExpression": "SET v = :z",
                        "ConditionExpression": "v > :ten", "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                        "ExpressionAttributeValues": {":z": {"N": "0"}, ":ten": {"N": "10"}}}},
            {"Delete": {"TableName": "accounts", "Key": {"id": {"S": "t2-missing"}},
                        "ConditionExpression": "attribute_exists(id)"}},
        ])
        self.assertEqual(resp["Error"]["Code"], "TransactionCanceledException")
        self.assertEqual(resp["Error"]["Message"], "Transaction cancelled, please refer cancellation reasons for "
                                                   "specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]")
        reasons = resp["CancellationReasons"]
        self.assertEqual([r["Code"] for r in reasons], ["None", "ConditionalCheckFailed", "ConditionalCheckFailed"])
        self.assertEqual(reasons[1]["Message"], "The conditional request failed")
        self.assertEqual(reasons[1]["Item"], {"id": {"S": "t2-a"}, "v": {"N": "5"}})
        self.assertNotIn("Item", reasons[2])  # no old item to return
        self.assertIsNone(self.get("accounts", {"id": {"S": "t2-new"}}))
        self.assertEqual(self.get("accounts", {"id": {"S": "t2-a"}})["v"]["N"], "5")

    def test_request_errors(self):
        cases = [
            ({"TransactItems": []}, "ValidationException",
             "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: "
             "Member must have length greater than or equal to 1"),
            ({"TransactItems": [put("accounts", {"id": {"S": "d"}}), put("accounts", {"id": {"S": "d"}})]},
             "ValidationException", "Transaction request cannot include multiple operations on one item"),
            ({"TransactItems": [put("nope", {"id": {"S": "d"}})]}, "ResourceNotFoundException",
             "Requested resource not found"),
            ({"TransactItems": [put("accounts", {"id": {"S": "d"}, "big": {"S": "x" * 410000}})]},
             "ValidationException", "Item size has exceeded the maximum allowed size"),
        ]
        for request, code, message in cases:
            err = self.error_of(self.raw.transact_write_items, **request)["Error"]
            self.assertEqual((err["Code"], err["Message"]), (code, message), request)
        err = self.error_of(self.raw.transact_write_items,
                            TransactItems=[put("accounts", {"id": {"S": f"many{i}"}}) for i in range(101)])["Error"]
        self.assertRegex(err["Message"], r"^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to "
                                         r"satisfy constraint: Member must have length less than or equal to 100$")
        # A key of the wrong type is that action's ValidationError, not a request error.
        resp = self.error_of(self.raw.transact_write_items, TransactItems=[
            put("accounts", {"id": {"S": "fine"}}), {"Delete": {"TableName": "accounts", "Key": {"id": {"N": "1"}}}}])
        self.assertEqual([r["Code"] for r in resp["CancellationReasons"]], ["None", "ValidationError"])
        self.assertEqual(resp["CancellationReasons"][1]["Message"], "The provided key element does not match the schema")
        # So is an update that meets a value of the wrong type.
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t3-s"}, "v": {"S": "text"}})
        resp = self.error_of(self.raw.transact_write_items, TransactItems=[
            {"Update": {"TableName": "accounts", "Key": {"id": {"S": "t3-s"}}, "UpdateExpression": "SET v = v + :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}}])
        self.assertEqual(resp["CancellationReasons"][0]["Code"], "ValidationError")
        self.assertIn("An operand in the update expression has an incorrect data type",
                      resp["CancellationReasons"][0]["Message"])

    def test_client_request_token_is_idempotent_for_ten_minutes(self):
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t4"}, "n": {"N": "0"}})
        request = {"TransactItems": [{"Update": {"TableName": "accounts", "Key": {"id": {"S": "t4"}},
                                                 "UpdateExpression": "ADD n :one",
                                                 "ExpressionAttributeValues": {":one": {"N": "1"}}}}],
                   "ClientRequestToken": "token-t4"}
        self.ddb.transact_write_items(**request)
        again = self.ddb.transact_write_items(**request, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(self.get("accounts", {"id": {"S": "t4"}})["n"]["N"], "1")  # applied once
        self.assertIn("ReadCapacityUnits", again["ConsumedCapacity"][0])  # a replay reports read units
        changed = dict(request, TransactItems=[put("accounts", {"id": {"S": "t4-other"}})])
        err = self.error_of(self.ddb.transact_write_items, **changed)["Error"]
        self.assertEqual(err["Code"], "IdempotentParameterMismatchException")
        self.assertIsNone(self.get("accounts", {"id": {"S": "t4-other"}}))
        # A cancelled transaction leaves no record: the token may be used again.
        failing = {"TransactItems": [{"ConditionCheck": {"TableName": "accounts", "Key": {"id": {"S": "t4"}},
                                                         "ConditionExpression": "attribute_not_exists(id)"}}],
                   "ClientRequestToken": "token-t4-failing"}
        self.error_of(self.ddb.transact_write_items, **failing)
        self.ddb.transact_write_items(TransactItems=[put("accounts", {"id": {"S": "t4-later"}})],
                                      ClientRequestToken="token-t4-failing")

    def test_capacity_metrics_and_indexes_inside_a_transaction(self):
        resp = self.ddb.transact_write_items(
            TransactItems=[put("orders", {"customer": {"S": "c1"}, "n": {"N": "1"}, "status": {"S": "open"},
                                          "placed": {"S": "2024-01-01"}}),
                           put("accounts", {"id": {"S": "t5"}})],
            ReturnConsumedCapacity="INDEXES", ReturnItemCollectionMetrics="SIZE")
        capacity = {c["TableName"]: c for c in resp["ConsumedCapacity"]}
        self.assertEqual(capacity["accounts"]["CapacityUnits"], 2.0)  # transactional writes count twice
        self.assertEqual(capacity["orders"]["Table"]["CapacityUnits"], 2.0)
        self.assertEqual(capacity["orders"]["GlobalSecondaryIndexes"]["by_status"]["CapacityUnits"], 1.0)
        self.assertEqual(capacity["orders"]["LocalSecondaryIndexes"]["by_placed"]["CapacityUnits"], 1.0)
        metrics = resp["ItemCollectionMetrics"]["orders"][0]
        self.assertEqual(metrics["ItemCollectionKey"], {"customer": {"S": "c1"}})
        self.assertEqual(metrics["SizeEstimateRangeGB"], [0.0, 1.0])
        found = self.ddb.query(TableName="orders", IndexName="by_status", KeyConditionExpression="#s = :o",
                               ExpressionAttributeNames={"#s": "status"},
                               ExpressionAttributeValues={":o": {"S": "open"}})["Items"]
        self.assertEqual([i["n"]["N"] for i in found], ["1"])
        self.ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": "orders", "Key": {"customer": {"S": "c1"}, "n": {"N": "1"}},
                        "UpdateExpression": "SET #s = :c", "ExpressionAttributeNames": {"#s": "status"},
                        "ExpressionAttributeValues": {":c": {"S": "closed"}}}}])
        found = self.ddb.query(TableName="orders", IndexName="by_status", KeyConditionExpression="#s = :o",
                               ExpressionAttributeNames={"#s": "status"},
                               ExpressionAttributeValues={":o": {"S": "open"}})["Items"]
        self.assertEqual(found, [])
        # A mistyped index key cancels the transaction as a ValidationError.
        resp = self.error_of(self.raw.transact_write_items, TransactItems=[
            put("orders", {"customer": {"S": "c1"}, "n": {"N": "2"}, "status": {"N": "3"}})])
        self.assertEqual(resp["CancellationReasons"][0]["Code"], "ValidationError")
        self.assertIn("Type mismatch for Index Key", resp["CancellationReasons"][0]["Message"])

    def test_transact_get_items(self):
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t6"}, "a": {"S": "x"}, "b": {"S": "y"}})
        resp = self.ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": "accounts", "Key": {"id": {"S": "t6"}}, "ProjectionExpression": "#a",
                     "ExpressionAttributeNames": {"#a": "a"}}},
            {"Get": {"TableName": "accounts", "Key": {"id": {"S": "t6-none"}}}}],
            ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["Responses"], [{"Item": {"a": {"S": "x"}}}, {}])
        self.assertEqual(resp["ConsumedCapacity"], [{"TableName": "accounts", "CapacityUnits": 4.0,
                                                     "ReadCapacityUnits": 4.0}])
        resp = self.error_of(self.raw.transact_get_items, TransactItems=[{"Get": {"TableName": "accounts", "Key": {}}}])
        self.assertEqual([r["Code"] for r in resp["CancellationReasons"]], ["ValidationError"])
        err = self.error_of(self.raw.transact_get_items,
                            TransactItems=[{"Get": {"TableName": "nope", "Key": {"id": {"S": "x"}}}}])["Error"]
        self.assertEqual((err["Code"], err["Message"]), ("ResourceNotFoundException", "Requested resource not found"))

    def test_transfers_racing_single_writes_keep_the_sum(self):
        accounts = [f"acct{i}" for i in range(4)]
        for a in accounts:
            self.ddb.put_item(TableName="accounts", Item={"id": {"S": a}, "balance": {"N": "1000"}, "touched": {"N": "0"}})
        errors = []
        conflicts = [0]

        def transfers(seed):
            client = self.c.client("dynamodb")
            for i in range(60):
                src, dst = accounts[(seed + i) % 4], accounts[(seed + i + 1 + i % 3) % 4]
                if src == dst:
                    continue
                try:
                    client.transact_write_items(TransactItems=[
                        {"Update": {"TableName": "accounts", "Key": {"id": {"S": src}},
                                    "UpdateExpression": "SET balance = balance - :n", "ConditionExpression": "balance >= :n",
                                    "ExpressionAttributeValues": {":n": {"N": "7"}}}},
                        {"Update": {"TableName": "accounts", "Key": {"id": {"S": dst}},
                                    "UpdateExpression": "SET balance = balance + :n",
                                    "ExpressionAttributeValues": {":n": {"N": "7"}}}}])
                except ClientError as e:
                    codes = [r["Code"] for r in e.response.get("CancellationReasons", [])]
                    if "TransactionConflict" in codes:
                        conflicts[0] += 1
                    elif "ConditionalCheckFailed" not in codes:
                        errors.append(e.response)
                except Exception as e:  # noqa: BLE001 - reported below
                    errors.append(repr(e))

        def single_writes():
            client = self.c.client("dynamodb")
            for i in range(100):
                try:
                    client.update_item(TableName="accounts", Key={"id": {"S": accounts[i % 4]}},
                                       UpdateExpression="ADD touched :one", ExpressionAttributeValues={":one": {"N": "1"}})
                except Exception as e:  # noqa: BLE001
                    errors.append(repr(e))

        threads = [threading.Thread(target=transfers, args=(s,)) for s in range(4)]
        threads += [threading.Thread(target=single_writes) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        items = [self.get("accounts", {"id": {"S": a}}) for a in accounts]
        self.assertEqual(sum(int(i["balance"]["N"]) for i in items), 4000)
        self.assertEqual(sum(int(i["touched"]["N"]) for i in items), 200)  # no single write lost

    def test_concurrent_transactions_on_one_item_report_transaction_conflict(self):
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "hot"}, "n": {"N": "0"}})
        seen = {"conflict": 0, "ok": 0}
        other = []
        lock = threading.Lock()

        def worker(w):
            client = self.c.client("dynamodb")
            # Many items per transaction keep the hot item's lock held long enough to collide.
            for i in range(40):
                items = [{"Update": {"TableName": "accounts", "Key": {"id": {"S": "hot"}}, "UpdateExpression": "ADD n :one",
                                     "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
                items += [put("accounts", {"id": {"S": f"cold-{w}-{j}"}, "pad": {"S": "p" * 2000}}) for j in range(60)]
                try:
                    client.transact_write_items(TransactItems=items)
                    with lock:
                        seen["ok"] += 1
                except ClientError as e:
                    reasons = e.response.get("CancellationReasons", [])
                    with lock:
                        if reasons and reasons[0]["Code"] == "TransactionConflict":
                            self.assertEqual(reasons[0]["Message"], "Transaction is ongoing for the item")
                            self.assertTrue(all(r["Code"] == "None" for r in reasons[1:]))
                            seen["conflict"] += 1
                        else:
                            other.append(e.response)

        threads = [threading.Thread(target=worker, args=(w,)) for w in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(other, [])
        self.assertGreater(seen["conflict"], 0)
        # Every committed transaction counted once; every conflicting one not at all.
        self.assertEqual(int(self.get("accounts", {"id": {"S": "hot"}})["n"]["N"]), seen["ok"])

    def test_js_sdk(self):
        self.assertTrue(os.path.isdir(os.path.join(JS_DIR, "node_modules")),
                        "tests/e2e/js/node_modules missing: scripts/install-deps.sh installs it")
        r = subprocess.run(["node", "--test", "--test-reporter=spec", "dynamodb_transactions.test.mjs"], cwd=JS_DIR,
                           env=dict(os.environ, CLOUDLET_ENDPOINT=self.c.endpoint), capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()
