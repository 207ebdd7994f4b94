"""Lambda event source mappings on DynamoDB streams, through boto3: a Python
function receives INSERT/MODIFY/REMOVE in order, batches gather records,
a filter drops records, a failing batch is retried and bisected until the
poison record is alone (then given up, and the mapping moves on), a partial
batch failure resumes from the first failed record, delivery resumes after
kill -9 without losing records, and the control plane's answers."""
import io
import json
import stat
import time
import unittest
import zipfile

from botocore.exceptions import ClientError

from harness import Cloudlet

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

# Writes one item per record it receives into "received" (id = table#seq),
# with the batch it came in and the delivery order; fails a whole batch
# holding a record with "poison", and, once per key, reports a record with
# "flaky" as a batch item failure.
RECEIVER = """
import json, os, time
import boto3
ddb = boto3.client("dynamodb")
def handler(event, context):
    records = event["Records"]
    time.sleep(float(os.environ.get("SLEEP", "0")))
    ddb.update_item(TableName="received", Key={"id": {"S": "attempts"}}, UpdateExpression="ADD n :one",
                    ExpressionAttributeValues={":one": {"N": "1"}})
    for r in records:
        image = r["dynamodb"].get("NewImage", {})
        if "poison" in image:
            raise ValueError("poison record " + r["dynamodb"]["SequenceNumber"])
    failures = []
    for r in records:
        image = r["dynamodb"].get("NewImage", {})
        key = r["dynamodb"]["Keys"]["pk"]["S"]
        if "flaky" in image and not failures:
            seen = ddb.get_item(TableName="received", Key={"id": {"S": "flaky#" + key}}).get("Item")
            if not seen:
                ddb.put_item(TableName="received", Item={"id": {"S": "flaky#" + key}})
                failures.append({"itemIdentifier": r["dynamodb"]["SequenceNumber"]})
        if failures:
            continue
        order = ddb.update_item(TableName="received", Key={"id": {"S": "order"}}, UpdateExpression="ADD n :one",
                                ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="UPDATED_NEW")
        table = r["eventSourceARN"].split("/")[1]
        ddb.put_item(TableName="received", Item={
            "id": {"S": table + "#" + r["dynamodb"]["SequenceNumber"]}, "table": {"S": table},
            "key": {"S": key}, "event": {"S": r["eventName"]}, "batch": {"S": context.aws_request_id},
            "size": {"N": str(len(records))}, "order": {"N": order["Attributes"]["n"]["N"]},
            "record": {"S": json.dumps(r)}})
    return {"batchItemFailures": failures}
"""


def make_zip(body):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("app.py")
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        z.writestr(info, body)
    return buf.getvalue()


def wait_for(predicate, timeout=40, interval=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def setup(c, sleep="0"):
    lam, ddb = c.client("lambda"), c.client("dynamodb")
    ddb.create_table(TableName="received", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    lam.create_function(FunctionName="receiver", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                        Code={"ZipFile": make_zip(RECEIVER)}, Timeout=30,
                        Environment={"Variables": {"SLEEP": sleep}})
    return lam, ddb


def source_table(ddb, name, view="NEW_AND_OLD_IMAGES"):
    return ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST",
                            StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
                            )["TableDescription"]["LatestStreamArn"]


def received(ddb, table):
    items = []
    kwargs = {"TableName": "received"}
    while True:
        page = ddb.scan(**kwargs)
        items += [i for i in page["Items"] if i.get("table", {}).get("S") == table]
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return sorted(items, key=lambda i: int(i["order"]["N"]))


class StreamTriggersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.lam, cls.ddb = setup(cls.c)

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def map(self, arn, **kwargs):
        kwargs.setdefault("StartingPosition", "TRIM_HORIZON")
        return self.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="receiver", **kwargs)

    def test_records_arrive_in_order(self):
        arn = source_table(self.ddb, "ordered")
        m = self.map(arn, BatchSize=2)
        self.assertEqual(m["State"], "Creating")
        self.assertEqual(m["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.ddb.put_item(TableName="ordered", Item={"pk": {"S": "a"}, "v": {"N": "1"}})
        self.ddb.update_item(TableName="ordered", Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})
        self.ddb.put_item(TableName="ordered", Item={"pk": {"S": "b"}})
        self.ddb.delete_item(TableName="ordered", Key={"pk": {"S": "a"}})
        got = wait_for(lambda: len(received(self.ddb, "ordered")) == 4 and received(self.ddb, "ordered"))
        self.assertTrue(got, self.c.read_stderr()[-3000:])
        self.assertEqual([(i["event"]["S"], i["key"]["S"]) for i in got],
                         [("INSERT", "a"), ("MODIFY", "a"), ("INSERT", "b"), ("REMOVE", "a")])
        seqs = [int(json.loads(i["record"]["S"])["dynamodb"]["SequenceNumber"]) for i in got]
        self.assertEqual(seqs, sorted(seqs))
        record = json.loads(got[1]["record"]["S"])
        self.assertEqual(record["eventSourceARN"], arn)
        self.assertEqual(record["eventSource"], "aws:dynamodb")
        self.assertEqual(record["eventVersion"], "1.1")
        self.assertEqual(record["dynamodb"]["OldImage"]["v"], {"N": "1"})
        self.assertEqual(record["dynamodb"]["NewImage"]["v"], {"N": "2"})
        self.assertTrue(all(int(i["size"]["N"]) <= 2 for i in got))
        self.assertEqual(self.lam.get_event_source_mapping(UUID=m["UUID"])["LastProcessingResult"], "OK")

    def test_batching_window_gathers_records(self):
        arn = source_table(self.ddb, "batched", "NEW_IMAGE")
        self.map(arn, BatchSize=10, MaximumBatchingWindowInSeconds=2)
        for k in "abcde":
            self.ddb.put_item(TableName="batched", Item={"pk": {"S": k}})
        got = wait_for(lambda: len(received(self.ddb, "batched")) == 5 and received(self.ddb, "batched"))
        self.assertTrue(got, self.c.read_stderr()[-3000:])
        self.assertEqual({i["batch"]["S"] for i in got}.__len__(), 1)
        self.assertEqual(got[0]["size"]["N"], "5")

    def test_filter_criteria_drop_records(self):
        arn = source_table(self.ddb, "filtered")
        pattern = {"eventName": ["INSERT"], "dynamodb": {"NewImage": {"kind": {"S": [{"prefix": "keep"}]}}}}
        m = self.map(arn, FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]})
        self.assertEqual(json.loads(m["FilterCriteria"]["Filters"][0]["Pattern"]), pattern)
        self.ddb.put_item(TableName="filtered", Item={"pk": {"S": "1"}, "kind": {"S": "keep-me"}})
        self.ddb.put_item(TableName="filtered", Item={"pk": {"S": "2"}, "kind": {"S": "drop-me"}})
        self.ddb.put_item(TableName="filtered", Item={"pk": {"S": "1"}, "kind": {"S": "keep-again"}})  # MODIFY
        self.ddb.put_item(TableName="filtered", Item={"pk": {"S": "3"}, "kind": {"S": "keeper"}})
        got = wait_for(lambda: len(received(self.ddb, "filtered")) >= 2 and received(self.ddb, "filtered"))
        time.sleep(1)
        got = received(self.ddb, "filtered")
        self.assertEqual([i["key"]["S"] for i in got], ["1", "3"])

    def test_failing_batch_is_bisected_and_the_poison_record_given_up(self):
        arn = source_table(self.ddb, "poisoned", "NEW_IMAGE")
        before = self.attempts()
        self.map(arn, BatchSize=4, MaximumBatchingWindowInSeconds=2, MaximumRetryAttempts=1,
                 BisectBatchOnFunctionError=True,
                 DestinationConfig={"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:dlq"}})
        for k in "abcd":
            item = {"pk": {"S": k}}
            if k == "c":
                item["poison"] = {"BOOL": True}
            self.ddb.put_item(TableName="poisoned", Item=item)
        got = wait_for(lambda: len(received(self.ddb, "poisoned")) == 3 and received(self.ddb, "poisoned"))
        self.assertTrue(got, self.c.read_stderr()[-3000:])
        self.assertEqual([i["key"]["S"] for i in got], ["a", "b", "d"])
        # [abcd] fails, [ab] ok, [cd] fails, [c] fails twice (1 retry), [d] ok.
        self.assertTrue(wait_for(lambda: self.attempts() - before == 6), self.attempts() - before)
        self.assertIn("failure record not delivered to arn:aws:sqs:us-east-1:000000000000:dlq", self.c.read_stderr())
        # The mapping moved on.
        self.ddb.put_item(TableName="poisoned", Item={"pk": {"S": "e"}})
        self.assertTrue(wait_for(lambda: len(received(self.ddb, "poisoned")) == 4))

    def test_partial_batch_failure_resumes_from_the_failed_record(self):
        arn = source_table(self.ddb, "partial", "NEW_IMAGE")
        self.map(arn, BatchSize=5, MaximumBatchingWindowInSeconds=2, FunctionResponseTypes=["ReportBatchItemFailures"])
        for k in "abcd":
            item = {"pk": {"S": k}}
            if k == "b":
                item["flaky"] = {"BOOL": True}
            self.ddb.put_item(TableName="partial", Item=item)
        got = wait_for(lambda: len(received(self.ddb, "partial")) == 4 and received(self.ddb, "partial"))
        self.assertTrue(got, self.c.read_stderr()[-3000:])
        self.assertEqual([i["key"]["S"] for i in got], ["a", "b", "c", "d"])
        batches = [i["batch"]["S"] for i in got]
        self.assertNotEqual(batches[0], batches[1])  # b, c, d came in the retry, a was not sent again
        self.assertEqual(len(set(batches[1:])), 1)
        self.assertEqual(got[1]["size"]["N"], "3")

    def attempts(self):
        item = self.ddb.get_item(TableName="received", Key={"id": {"S": "attempts"}}).get("Item")
        return int(item["n"]["N"]) if item else 0

    def test_control_plane(self):
        arn = source_table(self.ddb, "managed")
        with self.assertRaises(ClientError) as e:
            self.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="receiver")
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidParameterValueException")
        with self.assertRaises(ClientError) as e:
            self.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="nobody", StartingPosition="LATEST")
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceNotFoundException")
        with self.assertRaises(ClientError) as e:
            self.map(arn, BatchSize=10001)
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")
        with self.assertRaises(ClientError) as e:
            self.map(arn, FilterCriteria={"Filters": [{"Pattern": "{\"a\": \"not a list\"}"}]})
        self.assertEqual(e.exception.response["Error"]["Message"], "Invalid filter pattern definition.")
        with self.assertRaises(ClientError) as e:
            self.map(arn.replace("managed", "missing"))
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidParameterValueException")
        fn_arn = self.lam.get_function(FunctionName="receiver")["Configuration"]["FunctionArn"]
        m = self.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn_arn, StartingPosition="LATEST",
                                                 Enabled=False)
        self.assertEqual(m["FunctionArn"], fn_arn)
        self.assertEqual(m["BatchSize"], 100)
        self.assertEqual(m["MaximumRetryAttempts"], -1)
        self.assertEqual(m["MaximumRecordAgeInSeconds"], -1)
        self.assertEqual(m["ParallelizationFactor"], 1)
        self.assertEqual(m["StartingPosition"], "LATEST")
        self.assertTrue(m["EventSourceMappingArn"].endswith(":event-source-mapping:" + m["UUID"]))
        self.assertEqual(self.lam.get_event_source_mapping(UUID=m["UUID"])["State"], "Disabled")
        with self.assertRaises(ClientError) as e:
            self.map(arn)
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceConflictException")
        self.assertIn(m["UUID"], e.exception.response["Error"]["Message"])
        listed = self.lam.list_event_source_mappings(EventSourceArn=arn)["EventSourceMappings"]
        self.assertEqual([x["UUID"] for x in listed], [m["UUID"]])
        by_function = self.lam.list_event_source_mappings(FunctionName="receiver")["EventSourceMappings"]
        self.assertIn(m["UUID"], [x["UUID"] for x in by_function])
        page = self.lam.list_event_source_mappings(FunctionName="receiver", MaxItems=1)
        self.assertEqual(len(page["EventSourceMappings"]), 1)
        if len(by_function) > 1:
            self.assertIn("NextMarker", page)
            rest = self.lam.list_event_source_mappings(FunctionName="receiver", Marker=page["NextMarker"])
            self.assertEqual(len(rest["EventSourceMappings"]), len(by_function) - 1)
        u = self.lam.update_event_source_mapping(UUID=m["UUID"], Enabled=True, BatchSize=7)
        self.assertEqual(u["State"], "Enabling")
        self.assertEqual(u["BatchSize"], 7)
        self.assertEqual(self.lam.get_event_source_mapping(UUID=m["UUID"])["State"], "Enabled")
        self.assertEqual(self.lam.update_event_source_mapping(UUID=m["UUID"], BatchSize=8)["State"], "Updating")
        self.assertEqual(self.lam.update_event_source_mapping(UUID=m["UUID"], Enabled=False)["State"], "Disabling")
        d = self.lam.delete_event_source_mapping(UUID=m["UUID"])
        self.assertEqual(d["State"], "Deleting")
        with self.assertRaises(ClientError) as e:
            self.lam.get_event_source_mapping(UUID=m["UUID"])
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(e.exception.response["Error"]["Message"], "The resource you requested does not exist.")


class StreamTriggerRestartTest(unittest.TestCase):
    def test_delivery_resumes_after_kill_9_without_losing_records(self):
        with Cloudlet() as c:
            lam, ddb = setup(c, sleep="0.3")
            arn = source_table(ddb, "durable", "KEYS_ONLY")
            lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="receiver", StartingPosition="LATEST",
                                            BatchSize=1)
            time.sleep(0.5)
            keys = [f"k{i:02}" for i in range(12)]
            for k in keys[:8]:
                ddb.put_item(TableName="durable", Item={"pk": {"S": k}})
            self.assertTrue(wait_for(lambda: len(received(ddb, "durable")) >= 2), c.read_stderr()[-3000:])
            c.kill9()
            c.start()
            ddb = c.client("dynamodb")
            for k in keys[8:]:
                ddb.put_item(TableName="durable", Item={"pk": {"S": k}})
            got = wait_for(lambda: {i["key"]["S"] for i in received(ddb, "durable")} == set(keys), timeout=60)
            self.assertTrue(got, c.read_stderr()[-3000:])


if __name__ == "__main__":
    unittest.main()
