"""DynamoDB Streams through boto3's dynamodbstreams client: StreamSpecification
on CreateTable/UpdateTable, every view type, every shard iterator type,
ListStreams/DescribeStream, disabling (closed shard, still readable), a new
ARN when re-enabled, no record for a write that changes nothing, and
DynamoDB's errors."""
import re
import time
import unittest

from botocore.exceptions import ClientError

from harness import Cloudlet

KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}]
ATTRS = [{"AttributeName": "pk", "AttributeType": "S"}]
LABEL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")


class DynamoDbStreamsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = cls.c.client("dynamodb")
        cls.streams = cls.c.client("dynamodbstreams")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def make_table(self, name, view=None):
        kwargs = {}
        if view:
            kwargs["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view}
        r = self.ddb.create_table(TableName=name, KeySchema=KEYS, AttributeDefinitions=ATTRS,
                                  BillingMode="PAY_PER_REQUEST", **kwargs)
        return r["TableDescription"]

    def shard(self, arn):
        return self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]

    def read(self, arn, iterator_type="TRIM_HORIZON", **kwargs):
        shard = self.shard(arn)
        it = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                             ShardIteratorType=iterator_type, **kwargs)["ShardIterator"]
        return self.streams.get_records(ShardIterator=it)

    def write_history(self, table):
        self.ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
        self.ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})  # no change: no record
        self.ddb.update_item(TableName=table, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})
        self.ddb.update_item(TableName=table, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})  # no change: no record
        self.ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}})
        self.ddb.delete_item(TableName=table, Key={"pk": {"S": "zzz"}})  # absent: no record

    def test_every_view_type(self):
        expected = {"KEYS_ONLY": (set(), set(), set()),
                    "NEW_IMAGE": ({"NewImage"}, {"NewImage"}, set()),
                    "OLD_IMAGE": (set(), {"OldImage"}, {"OldImage"}),
                    "NEW_AND_OLD_IMAGES": ({"NewImage"}, {"NewImage", "OldImage"}, {"OldImage"})}
        for view, images in expected.items():
            with self.subTest(view=view):
                table = "views-" + view.lower().replace("_", "-")
                desc = self.make_table(table, view)
                arn = desc["LatestStreamArn"]
                self.assertEqual(desc["StreamSpecification"], {"StreamEnabled": True, "StreamViewType": view})
                self.write_history(table)
                records = self.read(arn)["Records"]
                self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
                for record, wanted in zip(records, images):
                    d = record["dynamodb"]
                    self.assertEqual(record["eventVersion"], "1.1")
                    self.assertEqual(record["eventSource"], "aws:dynamodb")
                    self.assertEqual(record["awsRegion"], "us-east-1")
                    self.assertRegex(record["eventID"], r"^[0-9a-f]{32}$")
                    self.assertNotIn("eventSourceARN", record)
                    self.assertEqual(d["Keys"], {"pk": {"S": "a"}})
                    self.assertEqual(d["StreamViewType"], view)
                    self.assertRegex(d["SequenceNumber"], r"^\d{21,40}$")
                    self.assertGreater(d["SizeBytes"], 0)
                    self.assertIn("ApproximateCreationDateTime", d)
                    self.assertEqual({k for k in d if k.endswith("Image")}, wanted)
                    self.assertNotIn("userIdentity", record)
                seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
                self.assertEqual(seqs, sorted(seqs))
                if view == "NEW_AND_OLD_IMAGES":
                    self.assertEqual(records[1]["dynamodb"]["OldImage"]["v"], {"N": "1"})
                    self.assertEqual(records[1]["dynamodb"]["NewImage"]["v"], {"N": "2"})

    def test_every_iterator_type(self):
        arn = self.make_table("iterators", "KEYS_ONLY")["LatestStreamArn"]
        for key in "abc":
            self.ddb.put_item(TableName="iterators", Item={"pk": {"S": key}})
        keys = lambda answer: "".join(r["dynamodb"]["Keys"]["pk"]["S"] for r in answer["Records"])
        horizon = self.read(arn)
        self.assertEqual(keys(horizon), "abc")
        second = horizon["Records"][1]["dynamodb"]["SequenceNumber"]
        self.assertEqual(keys(self.read(arn, "AT_SEQUENCE_NUMBER", SequenceNumber=second)), "bc")
        self.assertEqual(keys(self.read(arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=second)), "c")
        latest = self.read(arn, "LATEST")
        self.assertEqual(latest["Records"], [])
        self.ddb.put_item(TableName="iterators", Item={"pk": {"S": "d"}})
        self.assertEqual(keys(self.streams.get_records(ShardIterator=latest["NextShardIterator"])), "d")
        # Limit pages through NextShardIterator.
        shard = self.shard(arn)
        it = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                             ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        seen = ""
        for _ in range(4):
            page = self.streams.get_records(ShardIterator=it, Limit=1)
            seen += keys(page)
            it = page["NextShardIterator"]
        self.assertEqual(seen, "abcd")

    def test_table_and_stream_descriptions(self):
        desc = self.make_table("described", "NEW_IMAGE")
        label = desc["LatestStreamLabel"]
        self.assertRegex(label, LABEL)
        self.assertEqual(desc["LatestStreamArn"],
                         f"arn:aws:dynamodb:us-east-1:000000000000:table/described/stream/{label}")
        table = self.ddb.describe_table(TableName="described")["Table"]
        self.assertEqual(table["LatestStreamArn"], desc["LatestStreamArn"])
        streams = self.streams.list_streams(TableName="described")["Streams"]
        self.assertEqual(streams, [{"StreamArn": desc["LatestStreamArn"], "TableName": "described", "StreamLabel": label}])
        s = self.streams.describe_stream(StreamArn=desc["LatestStreamArn"])["StreamDescription"]
        self.assertEqual(s["StreamStatus"], "ENABLED")
        self.assertEqual(s["StreamViewType"], "NEW_IMAGE")
        self.assertEqual(s["TableName"], "described")
        self.assertEqual(s["KeySchema"], KEYS)
        self.assertIn("CreationRequestDateTime", s)
        self.assertEqual(len(s["Shards"]), 1)
        self.assertRegex(s["Shards"][0]["ShardId"], r"^shardId-\d{20}-[0-9a-f]{8}$")
        self.assertNotIn("EndingSequenceNumber", s["Shards"][0]["SequenceNumberRange"])
        # A table without a stream has none of this.
        plain = self.make_table("plain")
        self.assertNotIn("LatestStreamArn", plain)
        self.assertEqual(self.streams.list_streams(TableName="plain")["Streams"], [])

    def test_disable_then_enable_gives_a_new_stream(self):
        first = self.make_table("cycled", "KEYS_ONLY")["LatestStreamArn"]
        self.ddb.put_item(TableName="cycled", Item={"pk": {"S": "a"}})
        with self.assertRaises(ClientError) as e:
            self.ddb.update_table(TableName="cycled",
                                  StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"})
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")
        self.assertEqual(e.exception.response["Error"]["Message"], "Table already has an enabled stream: TableName: cycled")
        r = self.ddb.update_table(TableName="cycled", StreamSpecification={"StreamEnabled": False})
        self.assertNotIn("StreamSpecification", r["TableDescription"])
        self.assertEqual(r["TableDescription"]["LatestStreamArn"], first)
        self.ddb.put_item(TableName="cycled", Item={"pk": {"S": "b"}})  # not recorded: no stream
        s = self.streams.describe_stream(StreamArn=first)["StreamDescription"]
        self.assertEqual(s["StreamStatus"], "DISABLED")
        shard = s["Shards"][0]
        self.assertIn("EndingSequenceNumber", shard["SequenceNumberRange"])
        answer = self.read(first)
        self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in answer["Records"]], ["a"])
        self.assertNotIn("NextShardIterator", answer)  # closed and read to its end
        with self.assertRaises(ClientError) as e:
            self.ddb.update_table(TableName="cycled", StreamSpecification={"StreamEnabled": False})
        self.assertEqual(e.exception.response["Error"]["Message"], "Table has no stream to disable: TableName: cycled")
        second = self.ddb.update_table(TableName="cycled", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})["TableDescription"]["LatestStreamArn"]
        self.assertNotEqual(first, second)
        self.ddb.put_item(TableName="cycled", Item={"pk": {"S": "c"}})
        self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in self.read(second)["Records"]], ["c"])
        arns = {s["StreamArn"] for s in self.streams.list_streams(TableName="cycled")["Streams"]}
        self.assertEqual(arns, {first, second})

    def test_deleted_table_leaves_a_readable_disabled_stream(self):
        arn = self.make_table("dropped", "NEW_AND_OLD_IMAGES")["LatestStreamArn"]
        self.ddb.put_item(TableName="dropped", Item={"pk": {"S": "a"}})
        self.ddb.delete_table(TableName="dropped")
        s = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(s["StreamStatus"], "DISABLED")
        self.assertEqual(len(self.read(arn)["Records"]), 1)

    def test_errors(self):
        missing = "arn:aws:dynamodb:us-east-1:000000000000:table/nope/stream/2020-01-01T00:00:00.000"
        with self.assertRaises(ClientError) as e:
            self.streams.describe_stream(StreamArn=missing)
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(e.exception.response["Error"]["Message"],
                         f"Requested resource not found: Stream: {missing} not found")
        arn = self.make_table("errors", "KEYS_ONLY")["LatestStreamArn"]
        shard = self.shard(arn)["ShardId"]
        cases = [
            (dict(StreamArn=arn, ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="LATEST"),
             "ResourceNotFoundException"),
            (dict(StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER"), "ValidationException"),
            (dict(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST", SequenceNumber="1" * 21),
             "ValidationException"),
        ]
        for kwargs, code in cases:
            with self.subTest(kwargs=kwargs):
                with self.assertRaises(ClientError) as e:
                    self.streams.get_shard_iterator(**kwargs)
                self.assertEqual(e.exception.response["Error"]["Code"], code)
        with self.assertRaises(ClientError) as e:
            self.streams.get_records(ShardIterator="sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg")
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")
        with self.assertRaises(ClientError) as e:
            self.ddb.create_table(TableName="badview", KeySchema=KEYS, AttributeDefinitions=ATTRS,
                                  BillingMode="PAY_PER_REQUEST", StreamSpecification={"StreamEnabled": True})
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")
        with self.assertRaises(ClientError) as e:
            self.ddb.update_table(TableName="errors", StreamSpecification={"StreamEnabled": True,
                                                                            "StreamViewType": "Fisk"})
        self.assertIn("Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]",
                      e.exception.response["Error"]["Message"])

    def test_streams_survive_a_restart(self):
        with Cloudlet() as c:
            ddb, streams = c.client("dynamodb"), c.client("dynamodbstreams")
            ddb.create_table(TableName="durable", KeySchema=KEYS, AttributeDefinitions=ATTRS,
                             BillingMode="PAY_PER_REQUEST",
                             StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
            ddb.put_item(TableName="durable", Item={"pk": {"S": "a"}})
            c.kill9()
            c.start()
            ddb, streams = c.client("dynamodb"), c.client("dynamodbstreams")
            ddb.put_item(TableName="durable", Item={"pk": {"S": "b"}})
            arn = ddb.describe_table(TableName="durable")["Table"]["LatestStreamArn"]
            shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
            records = streams.get_records(ShardIterator=it["ShardIterator"])["Records"]
            self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in records], ["a", "b"])
            seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
            self.assertLess(seqs[0], seqs[1])


if __name__ == "__main__":
    unittest.main()
