"""DynamoDB time to live through boto3: UpdateTimeToLive/DescribeTimeToLive and the sweeper.

The sweeper runs every 200 ms here (--ttl-sweep-ms), so expired items go
within a second or two; items whose TTL attribute is not a Number, lies in the
future or more than five years in the past stay; index entries go with the
item; reads show an expired item until the sweeper has deleted it.
"""
import os
import subprocess
import time
import unittest

from botocore.exceptions import ClientError

from harness import Cloudlet

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


def wait_until(predicate, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


class DynamoDbTtlTest(unittest.TestCase):
    def setUp(self):
        self.c = Cloudlet("--ttl-sweep-ms", "200", in_memory=True).start()
        self.ddb = self.c.client("dynamodb")
        self.ddb.create_table(
            TableName="sessions",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "user", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_user", "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "KEYS_ONLY"}}],
            BillingMode="PAY_PER_REQUEST")

    def tearDown(self):
        self.c.cleanup()

    def put(self, pk, **attrs):
        item = {"pk": {"S": pk}, "user": {"S": "u1"}}
        item.update(attrs)
        self.ddb.put_item(TableName="sessions", Item=item)

    def exists(self, pk):
        return "Item" in self.ddb.get_item(TableName="sessions", Key={"pk": {"S": pk}})

    def error_of(self, **kwargs):
        with self.assertRaises(ClientError) as cm:
            self.ddb.update_time_to_live(**kwargs)
        return cm.exception.response["Error"]

    def test_update_and_describe(self):
        desc = self.ddb.describe_time_to_live(TableName="sessions")["TimeToLiveDescription"]
        self.assertEqual(desc, {"TimeToLiveStatus": "DISABLED"})
        spec = {"Enabled": True, "AttributeName": "expires"}
        resp = self.ddb.update_time_to_live(TableName="sessions", TimeToLiveSpecification=spec)
        self.assertEqual(resp["TimeToLiveSpecification"], spec)
        desc = self.ddb.describe_time_to_live(TableName="sessions")["TimeToLiveDescription"]
        self.assertEqual(desc, {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"})
        err = self.error_of(TableName="sessions", TimeToLiveSpecification=spec)
        self.assertEqual((err["Code"], err["Message"]), ("ValidationException", "TimeToLive is already enabled"))
        err = self.error_of(TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "other"})
        self.assertEqual(err["Message"], "TimeToLive is already enabled")
        self.ddb.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": False,
                                                                                     "AttributeName": "expires"})
        err = self.error_of(TableName="sessions", TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
        self.assertEqual(err["Message"], "TimeToLive is already disabled")
        err = self.error_of(TableName="nope", TimeToLiveSpecification=spec)
        self.assertEqual((err["Code"], err["Message"]),
                         ("ResourceNotFoundException", "Requested resource not found: Table: nope not found"))
        with self.assertRaises(ClientError) as cm:
            self.ddb.describe_time_to_live(TableName="nope")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceNotFoundException")

    def test_sweeper_deletes_expired_items_and_their_index_entries(self):
        now = int(time.time())
        self.put("existing-expired", expires={"N": str(now - 50)})  # before TTL is enabled: found by the backfill
        self.ddb.update_time_to_live(TableName="sessions",
                                     TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
        self.put("expired", expires={"N": str(now - 10)})
        self.put("fraction", expires={"N": f"{now - 10}.5"})
        self.put("future", expires={"N": str(now + 3600)})
        self.put("string", expires={"S": str(now - 10)})
        self.put("nested", meta={"M": {"expires": {"N": str(now - 10)}}})
        self.put("ancient", expires={"N": str(now - 6 * 365 * 86400)})
        self.put("millis", expires={"N": str((now - 10) * 1000)})
        self.assertTrue(wait_until(lambda: not self.exists("expired") and not self.exists("existing-expired")
                                   and not self.exists("fraction")))
        for pk in ["future", "string", "nested", "ancient", "millis"]:
            self.assertTrue(self.exists(pk), pk)
        users = self.ddb.query(TableName="sessions", IndexName="by_user", KeyConditionExpression="#u = :u",
                               ExpressionAttributeNames={"#u": "user"}, ExpressionAttributeValues={":u": {"S": "u1"}})
        self.assertEqual(sorted(i["pk"]["S"] for i in users["Items"]),
                         ["ancient", "future", "millis", "nested", "string"])
        # An item updated to expire goes too; one whose time is extended stays.
        self.ddb.update_item(TableName="sessions", Key={"pk": {"S": "future"}}, UpdateExpression="SET expires = :t",
                             ExpressionAttributeValues={":t": {"N": str(now - 1)}})
        self.put("extended", expires={"N": str(now - 5)})
        self.put("extended", expires={"N": str(now + 3600)})
        self.assertTrue(wait_until(lambda: not self.exists("future")))
        time.sleep(0.5)
        self.assertTrue(self.exists("extended"))

    def test_disabled_ttl_deletes_nothing(self):
        now = int(time.time())
        self.ddb.update_time_to_live(TableName="sessions",
                                     TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
        self.ddb.update_time_to_live(TableName="sessions",
                                     TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
        self.put("expired", expires={"N": str(now - 10)})
        time.sleep(1.0)
        self.assertTrue(self.exists("expired"))


class DynamoDbTtlReadsTest(unittest.TestCase):
    def test_reads_show_expired_items_until_the_sweeper_deletes_them(self):
        # A sweeper that never comes round in the test's time: the expired item stays readable.
        with Cloudlet("--ttl-sweep-ms", "600000", in_memory=True) as c:
            ddb = c.client("dynamodb")
            ddb.create_table(TableName="ttl_t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             BillingMode="PAY_PER_REQUEST")
            ddb.update_time_to_live(TableName="ttl_t", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
            ddb.put_item(TableName="ttl_t", Item={"pk": {"S": "a"}, "exp": {"N": str(int(time.time()) - 100)}})
            self.assertIn("Item", ddb.get_item(TableName="ttl_t", Key={"pk": {"S": "a"}}))
            self.assertEqual(ddb.scan(TableName="ttl_t")["Count"], 1)

    def test_setting_survives_a_restart_and_the_sweep_resumes(self):
        c = Cloudlet("--ttl-sweep-ms", "200").start()
        try:
            ddb = c.client("dynamodb")
            ddb.create_table(TableName="ttl_t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             BillingMode="PAY_PER_REQUEST")
            ddb.update_time_to_live(TableName="ttl_t", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
            ddb.put_item(TableName="ttl_t", Item={"pk": {"S": "a"}, "exp": {"N": str(int(time.time()) + 2)}})
            c.stop()
            c.start()
            ddb = c.client("dynamodb")
            self.assertEqual(ddb.describe_time_to_live(TableName="ttl_t")["TimeToLiveDescription"]["TimeToLiveStatus"],
                             "ENABLED")
            self.assertTrue(wait_until(lambda: "Item" not in ddb.get_item(TableName="ttl_t", Key={"pk": {"S": "a"}})))
        finally:
            c.cleanup()


class DynamoDbTtlAndBackupsJsTest(unittest.TestCase):
    """Time to live and backups through the AWS SDK for JavaScript v3 (js/dynamodb-ttl-backups.test.mjs)."""

    def test_js_sdk(self):
        self.assertTrue(os.path.isdir(os.path.join(JS_DIR, "node_modules")),
                        "tests/e2e/js/node_modules missing: scripts/install-deps.sh installs it")
        with Cloudlet("--ttl-sweep-ms", "200", in_memory=True) as c:
            r = subprocess.run(["node", "--test", "--test-reporter=spec", "dynamodb-ttl-backups.test.mjs"], cwd=JS_DIR,
                               env=dict(os.environ, CLOUDLET_ENDPOINT=c.endpoint), capture_output=True, text=True,
                               timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()
