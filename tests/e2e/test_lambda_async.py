"""Asynchronous invocations: Event invokes and InvokeAsync run from the durable
queue, failing functions are retried (3 attempts, or 1 with MaximumRetryAttempts
0), an OnFailure Lambda destination receives the invocation record, queued
events survive kill -9, and event invoke configs round-trip through boto3 and
the aws CLI. Functions prove they ran by counting in DynamoDB."""
import io
import json
import shutil
import stat
import tempfile
import time
import unittest
import zipfile

from harness import Cloudlet

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
TABLE = "async-hits"

# Counts each attempt under event["key"]; fails when asked to.
COUNTER = """
import json, time
import boto3
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    boto3.client("dynamodb").update_item(
        TableName="async-hits", Key={"id": {"S": event["key"]}},
        UpdateExpression="ADD n :one SET request_id = :rid",
        ExpressionAttributeValues={":one": {"N": "1"}, ":rid": {"S": context.aws_request_id}})
    if event.get("fail"):
        raise ValueError("asked to fail")
    return {"counted": event["key"]}
"""

# A destination: keeps the invocation record it receives.
SINK = """
import json
import boto3
def handler(record, context):
    key = "record-" + record["requestPayload"]["key"]
    boto3.client("dynamodb").put_item(TableName="async-hits",
                                      Item={"id": {"S": key}, "record": {"S": json.dumps(record)}})
"""


def make_zip(body):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("app.py")
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        z.writestr(info, body)
    return buf.getvalue()


def setup_functions(c, names):
    lam, ddb = c.client("lambda"), c.client("dynamodb")
    ddb.create_table(TableName=TABLE, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    for name, body in names.items():
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                            Code={"ZipFile": make_zip(body)}, Timeout=30)
    return lam, ddb


def count(ddb, key):
    item = ddb.get_item(TableName=TABLE, Key={"id": {"S": key}}, ConsistentRead=True).get("Item")
    return int(item["n"]["N"]) if item and "n" in item else 0


def wait_for(predicate, timeout=30, interval=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class LambdaAsyncTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet("--lambda-retry-base-ms", "200", in_memory=True).start()
        cls.lam, cls.ddb = setup_functions(cls.c, {"counter": COUNTER, "once": COUNTER, "sink": SINK,
                                                   "legacy": COUNTER, "configured": COUNTER})

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def test_event_invoke_runs_in_the_background(self):
        r = self.lam.invoke(FunctionName="counter", InvocationType="Event", Payload=json.dumps({"key": "e1"}))
        self.assertEqual(r["StatusCode"], 202)
        self.assertEqual(r["Payload"].read(), b"")
        self.assertTrue(wait_for(lambda: count(self.ddb, "e1") == 1), self.c.read_stderr()[-3000:])
        item = self.ddb.get_item(TableName=TABLE, Key={"id": {"S": "e1"}})["Item"]
        self.assertEqual(item["request_id"]["S"], r["ResponseMetadata"]["RequestId"])

    def test_failing_function_is_attempted_three_times_then_recorded_at_its_destination(self):
        sink_arn = self.lam.get_function(FunctionName="sink")["Configuration"]["FunctionArn"]
        self.lam.put_function_event_invoke_config(
            FunctionName="counter", DestinationConfig={"OnFailure": {"Destination": sink_arn}})
        try:
            r = self.lam.invoke(FunctionName="counter", InvocationType="Event",
                                Payload=json.dumps({"key": "f3", "fail": True}))
            self.assertEqual(r["StatusCode"], 202)
            record = wait_for(lambda: self.ddb.get_item(TableName=TABLE, Key={"id": {"S": "record-f3"}}).get("Item"))
            self.assertTrue(record, self.c.read_stderr()[-3000:])
            self.assertEqual(count(self.ddb, "f3"), 3)
            body = json.loads(record["record"]["S"])
            self.assertEqual(body["version"], "1.0")
            self.assertEqual(body["requestContext"]["condition"], "RetriesExhausted")
            self.assertEqual(body["requestContext"]["approximateInvokeCount"], 3)
            self.assertEqual(body["requestContext"]["requestId"], r["ResponseMetadata"]["RequestId"])
            self.assertTrue(body["requestContext"]["functionArn"].endswith(":function:counter:$LATEST"))
            self.assertEqual(body["requestPayload"], {"key": "f3", "fail": True})
            self.assertEqual(body["responseContext"]["functionError"], "Unhandled")
            self.assertEqual(body["responsePayload"]["errorType"], "ValueError")
            # Every retry kept the request id.
            item = self.ddb.get_item(TableName=TABLE, Key={"id": {"S": "f3"}})["Item"]
            self.assertEqual(item["request_id"]["S"], r["ResponseMetadata"]["RequestId"])
        finally:
            self.lam.delete_function_event_invoke_config(FunctionName="counter")

    def test_maximum_retry_attempts_zero_runs_once(self):
        self.lam.put_function_event_invoke_config(FunctionName="once", MaximumRetryAttempts=0)
        self.lam.invoke(FunctionName="once", InvocationType="Event", Payload=json.dumps({"key": "z1", "fail": True}))
        self.assertTrue(wait_for(lambda: count(self.ddb, "z1") == 1))
        time.sleep(1.0)  # a retry would have come after 200 ms
        self.assertEqual(count(self.ddb, "z1"), 1)

    def test_legacy_invoke_async(self):
        r = self.lam.invoke_async(FunctionName="legacy", InvokeArgs=json.dumps({"key": "l1"}))
        self.assertEqual(r["Status"], 202)
        self.assertTrue(wait_for(lambda: count(self.ddb, "l1") == 1))

    def test_event_invoke_config_round_trip_with_boto3_and_the_cli(self):
        out = self.c.aws_cli("lambda", "put-function-event-invoke-config", "--function-name", "configured",
                             "--maximum-retry-attempts", "1", "--maximum-event-age-in-seconds", "3600")
        put = json.loads(out.stdout)
        self.assertEqual(put["MaximumRetryAttempts"], 1)
        self.assertTrue(put["FunctionArn"].endswith(":function:configured:$LATEST"))
        got = self.lam.get_function_event_invoke_config(FunctionName="configured")
        self.assertEqual(got["MaximumEventAgeInSeconds"], 3600)
        self.assertEqual(got["LastModified"].year >= 2024, True)
        upd = self.lam.update_function_event_invoke_config(FunctionName="configured", MaximumRetryAttempts=0)
        self.assertEqual((upd["MaximumRetryAttempts"], upd["MaximumEventAgeInSeconds"]), (0, 3600))
        listed = self.lam.list_function_event_invoke_configs(FunctionName="configured")["FunctionEventInvokeConfigs"]
        self.assertEqual([c["MaximumRetryAttempts"] for c in listed], [0])
        cli_get = json.loads(self.c.aws_cli("lambda", "get-function-event-invoke-config", "--function-name",
                                            "configured").stdout)
        self.assertEqual(cli_get["MaximumRetryAttempts"], 0)
        self.lam.delete_function_event_invoke_config(FunctionName="configured")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException) as e:
            self.lam.get_function_event_invoke_config(FunctionName="configured")
        self.assertIn("doesn't have an EventInvokeConfig", str(e.exception))
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException):
            self.lam.put_function_event_invoke_config(FunctionName="configured")
        failed = self.c.aws_cli("lambda", "get-function-event-invoke-config", "--function-name", "configured",
                                check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("ResourceNotFoundException", failed.stderr)


class LambdaAsyncDurabilityTest(unittest.TestCase):
    def test_queued_and_running_events_survive_kill_9(self):
        data = tempfile.mkdtemp(prefix="cloudlet-async-")
        try:
            c = Cloudlet("--lambda-retry-base-ms", "200", data_dir=data).start()
            lam, ddb = setup_functions(c, {"slow": COUNTER})
            for key in ("k1", "k2", "k3"):
                r = lam.invoke(FunctionName="slow", InvocationType="Event",
                               Payload=json.dumps({"key": key, "sleep": 3}))
                self.assertEqual(r["StatusCode"], 202)
            time.sleep(0.3)  # running or queued, none finished
            c.kill9()
            c.stderr.close()
            c.proc.stdout.close()

            c2 = Cloudlet("--lambda-retry-base-ms", "200", data_dir=data).start()
            try:
                ddb2 = c2.client("dynamodb")
                for key in ("k1", "k2", "k3"):
                    self.assertTrue(wait_for(lambda: count(ddb2, key) >= 1, timeout=40), c2.read_stderr()[-3000:])
            finally:
                c2.cleanup()
        finally:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
