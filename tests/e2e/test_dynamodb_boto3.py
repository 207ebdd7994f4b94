"""DynamoDB through boto3 (client and resource) against a fresh cloudlet."""
import decimal
import json
import zlib
import threading
import unittest

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from harness import Cloudlet


class DynamoDbClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet().start()
        cls.ddb = cls.c.client("dynamodb")
        cls.ddb.create_table(
            TableName="things",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}],
            BillingMode="PAY_PER_REQUEST")
        cls.ddb.get_waiter("table_exists").wait(TableName="things", WaiterConfig={"Delay": 1, "MaxAttempts": 5})

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def error_of(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response["Error"]

    def test_list_describe_tables(self):
        self.assertIn("things", self.ddb.list_tables()["TableNames"])
        t = self.ddb.describe_table(TableName="things")["Table"]
        self.assertEqual(t["TableStatus"], "ACTIVE")
        self.assertEqual(t["TableArn"], "arn:aws:dynamodb:us-east-1:000000000000:table/things")
        self.assertEqual(t["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")

    def test_missing_table_errors(self):
        err = self.error_of(self.ddb.describe_table, TableName="nope")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        self.assertEqual(err["Message"], "Requested resource not found: Table: nope not found")
        err = self.error_of(self.ddb.get_item, TableName="nope", Key={"pk": {"S": "a"}})
        self.assertEqual(err["Message"], "Requested resource not found")

    def test_create_existing_table_is_in_use(self):
        err = self.error_of(self.ddb.create_table, TableName="things",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST")
        self.assertEqual(err["Code"], "ResourceInUseException")

    def test_put_get_numbers_normalised(self):
        self.ddb.put_item(TableName="things", Item={"pk": {"S": "n"}, "sk": {"N": "1"}, "v": {"N": "00012.500"},
                                                    "big": {"N": "12345678901234567890123456789012345678"}})
        item = self.ddb.get_item(TableName="things", Key={"pk": {"S": "n"}, "sk": {"N": "1"}})["Item"]
        self.assertEqual(item["v"], {"N": "12.5"})
        self.assertEqual(item["big"], {"N": "12345678901234567890123456789012345678"})

    def test_invalid_number_is_validation_error(self):
        err = self.error_of(self.ddb.put_item, TableName="things",
                            Item={"pk": {"S": "x"}, "sk": {"N": "1"}, "v": {"N": "1" * 39}})
        self.assertEqual(err["Code"], "ValidationException")
        self.assertEqual(err["Message"], "Attempting to store more than 38 significant digits in a Number")

    def test_conditional_put_and_failure_with_item(self):
        key = {"pk": {"S": "c"}, "sk": {"N": "1"}}
        self.ddb.put_item(TableName="things", Item={**key, "state": {"S": "new"}},
                          ConditionExpression="attribute_not_exists(pk)")
        with self.assertRaises(ClientError) as cm:
            self.ddb.put_item(TableName="things", Item={**key, "state": {"S": "again"}},
                              ConditionExpression="attribute_not_exists(pk)",
                              ReturnValuesOnConditionCheckFailure="ALL_OLD")
        err = cm.exception.response
        self.assertEqual(err["Error"]["Code"], "ConditionalCheckFailedException")
        self.assertEqual(err["Error"]["Message"], "The conditional request failed")
        self.assertEqual(err["Item"]["state"], {"S": "new"})

    def test_update_expression_and_return_values(self):
        key = {"pk": {"S": "u"}, "sk": {"N": "1"}}
        r = self.ddb.update_item(TableName="things", Key=key,
                                 UpdateExpression="SET c = if_not_exists(c, :zero) + :one, l = list_append(if_not_exists(l, :empty), :x)",
                                 ExpressionAttributeValues={":zero": {"N": "0"}, ":one": {"N": "1"},
                                                            ":empty": {"L": []}, ":x": {"L": [{"S": "a"}]}},
                                 ReturnValues="ALL_NEW")
        self.assertEqual(r["Attributes"]["c"], {"N": "1"})
        self.assertEqual(r["Attributes"]["l"], {"L": [{"S": "a"}]})
        r = self.ddb.update_item(TableName="things", Key=key, UpdateExpression="ADD c :n REMOVE l",
                                 ExpressionAttributeValues={":n": {"N": "0.5"}}, ReturnValues="UPDATED_NEW")
        self.assertEqual(r["Attributes"], {"c": {"N": "1.5"}})

    def test_update_key_attribute_rejected(self):
        err = self.error_of(self.ddb.update_item, TableName="things", Key={"pk": {"S": "k"}, "sk": {"N": "1"}},
                            UpdateExpression="SET pk = :v", ExpressionAttributeValues={":v": {"S": "z"}})
        self.assertEqual(err["Message"], "One or more parameter values were invalid: Cannot update attribute pk. "
                                         "This attribute is part of the key")

    def test_expression_errors(self):
        err = self.error_of(self.ddb.update_item, TableName="things", Key={"pk": {"S": "k"}, "sk": {"N": "1"}},
                            UpdateExpression="SET #s = :v", ExpressionAttributeValues={":v": {"S": "z"}})
        self.assertEqual(err["Message"], "Invalid UpdateExpression: An expression attribute name used in the "
                                         "document path is not defined; attribute name: #s")
        err = self.error_of(self.ddb.put_item, TableName="things", Item={"pk": {"S": "k"}, "sk": {"N": "1"}},
                            ConditionExpression="status = :v", ExpressionAttributeValues={":v": {"S": "z"}})
        self.assertEqual(err["Message"], "Invalid ConditionExpression: Attribute name is a reserved keyword; "
                                         "reserved keyword: status")
        err = self.error_of(self.ddb.put_item, TableName="things", Item={"pk": {"S": "k"}, "sk": {"N": "1"}},
                            ConditionExpression="a = :v", ExpressionAttributeValues={":v": {"S": "z"}, ":w": {"S": "q"}})
        self.assertEqual(err["Message"], "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}")

    def test_query_order_limit_and_paging(self):
        for i in range(1, 21):
            self.ddb.put_item(TableName="things", Item={"pk": {"S": "q"}, "sk": {"N": str(i)}, "odd": {"BOOL": i % 2 == 1}})
        r = self.ddb.query(TableName="things", KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
                           ExpressionAttributeValues={":p": {"S": "q"}, ":a": {"N": "5"}, ":b": {"N": "15"}},
                           ScanIndexForward=False, Limit=4)
        self.assertEqual([i["sk"]["N"] for i in r["Items"]], ["15", "14", "13", "12"])
        self.assertEqual(r["LastEvaluatedKey"], {"pk": {"S": "q"}, "sk": {"N": "12"}})
        r2 = self.ddb.query(TableName="things", KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
                            ExpressionAttributeValues={":p": {"S": "q"}, ":a": {"N": "5"}, ":b": {"N": "15"}},
                            ScanIndexForward=False, ExclusiveStartKey=r["LastEvaluatedKey"])
        self.assertEqual([i["sk"]["N"] for i in r2["Items"]], [str(i) for i in range(11, 4, -1)])
        self.assertNotIn("LastEvaluatedKey", r2)
        r3 = self.ddb.query(TableName="things", KeyConditionExpression="pk = :p", FilterExpression="odd = :t",
                            ExpressionAttributeValues={":p": {"S": "q"}, ":t": {"BOOL": True}}, Select="COUNT")
        self.assertEqual((r3["Count"], r3["ScannedCount"]), (10, 20))
        self.assertNotIn("Items", r3)

    def test_parallel_scan_covers_every_item_once(self):
        self.ddb.create_table(TableName="scan", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
                              BillingMode="PAY_PER_REQUEST")
        for i in range(200):
            self.ddb.put_item(TableName="scan", Item={"id": {"N": str(i)}})
        seen = []
        for seg in range(4):
            kwargs = {"TableName": "scan", "Segment": seg, "TotalSegments": 4, "Limit": 17}
            while True:
                r = self.ddb.scan(**kwargs)
                seen += [int(i["id"]["N"]) for i in r["Items"]]
                if "LastEvaluatedKey" not in r:
                    break
                kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        self.assertEqual(sorted(seen), list(range(200)))
        err = self.error_of(self.ddb.scan, TableName="scan", Segment=4, TotalSegments=4)
        self.assertEqual(err["Message"], "The Segment parameter is zero-based and must be less than parameter "
                                         "TotalSegments: Segment: 4 is not less than TotalSegments: 4")

    def test_batch_write_and_get(self):
        writes = [{"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": str(i)}}}} for i in range(25)]
        r = self.ddb.batch_write_item(RequestItems={"things": writes})
        self.assertEqual(r["UnprocessedItems"], {})
        keys = [{"pk": {"S": "b"}, "sk": {"N": str(i)}} for i in range(0, 25, 2)]
        r = self.ddb.batch_get_item(RequestItems={"things": {"Keys": keys}})
        self.assertEqual(len(r["Responses"]["things"]), 13)
        self.assertEqual(r["UnprocessedKeys"], {})
        err = self.error_of(self.ddb.batch_get_item, RequestItems={"things": {"Keys": [keys[0], keys[0]]}})
        self.assertEqual(err["Message"], "Provided list of item keys contains duplicates")

    def test_concurrent_increments_are_atomic(self):
        key = {"pk": {"S": "counter"}, "sk": {"N": "0"}}
        self.ddb.put_item(TableName="things", Item={**key, "c": {"N": "0"}})

        def bump():
            client = self.c.client("dynamodb")
            for _ in range(1000):
                client.update_item(TableName="things", Key=key, UpdateExpression="SET c = c + :one",
                                   ExpressionAttributeValues={":one": {"N": "1"}})

        threads = [threading.Thread(target=bump) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        item = self.ddb.get_item(TableName="things", Key=key, ConsistentRead=True)["Item"]
        self.assertEqual(item["c"], {"N": "2000"})

    def test_tags(self):
        arn = self.ddb.describe_table(TableName="things")["Table"]["TableArn"]
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "a"}, {"Key": "env", "Value": "dev"}])
        self.ddb.untag_resource(ResourceArn=arn, TagKeys=["env"])
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"], [{"Key": "team", "Value": "a"}])


class DynamoDbWireTest(unittest.TestCase):
    """Raw HTTP: what the SDKs hide (envelope, CRC32, limits)."""

    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def raw(self, payload):
        import socket
        s = socket.create_connection(("127.0.0.1", self.c.port), timeout=10)
        s.sendall(payload)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        head, _, body = data.partition(b"\r\n\r\n")
        return head.decode(), body

    def post(self, target, body, extra=b""):
        return self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Amz-Target: " + target +
                        b"\r\nContent-Type: application/x-amz-json-1.0\r\n" + extra +
                        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)

    def test_body_over_16_mb_gets_dynamodb_error_before_it_is_read(self):
        head, body = self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\n"
                              b"Content-Type: application/x-amz-json-1.0\r\nContent-Length: 16777217\r\n\r\n")
        self.assertIn(" 413 ", head.splitlines()[0])
        self.assertEqual(json.loads(body)["__type"], "com.amazon.coral.service#RequestEntityTooLarge")
        self.assertIn("x-amzn-RequestId", head)

    def test_crc32_header_matches_body(self):
        head, body = self.post(b"DynamoDB_20120810.ListTables", b"{}")
        crc = [l.split(":", 1)[1].strip() for l in head.splitlines() if l.lower().startswith("x-amz-crc32:")]
        self.assertEqual(crc, [str(zlib.crc32(body) & 0xFFFFFFFF)])

    def test_malformed_json_and_unknown_operation(self):
        head, body = self.post(b"DynamoDB_20120810.ListTables", b"{not json")
        self.assertIn(" 400 ", head.splitlines()[0])
        self.assertEqual(json.loads(body), {"__type": "com.amazon.coral.service#SerializationException"})
        head, body = self.post(b"DynamoDB_20120810.NoSuchThing", b"{}")
        self.assertEqual(json.loads(body), {"__type": "com.amazon.coral.service#UnknownOperationException"})

    def test_validation_namespace(self):
        head, body = self.post(b"DynamoDB_20120810.GetItem", b'{"TableName":"x"}')
        doc = json.loads(body)
        self.assertEqual(doc["__type"], "com.amazon.coral.validate#ValidationException")
        self.assertIn("Value null at 'key'", doc["message"])


class DynamoDbResourceTest(unittest.TestCase):
    def test_resource_table_crud_query_scan(self):
        with Cloudlet(in_memory=True) as c:
            ddb = c.resource("dynamodb")
            table = ddb.create_table(TableName="users", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
            table.wait_until_exists()
            table.put_item(Item={"id": "u1", "name": "Ada", "age": 36, "tags": {"a", "b"}})
            table.put_item(Item={"id": "u2", "name": "Bob", "age": decimal.Decimal("41.5")})
            item = table.get_item(Key={"id": "u1"})["Item"]
            self.assertEqual(item["age"], 36)
            self.assertEqual(item["tags"], {"a", "b"})
            table.update_item(Key={"id": "u2"}, UpdateExpression="SET age = age + :d",
                              ExpressionAttributeValues={":d": decimal.Decimal("0.5")})
            self.assertEqual(table.get_item(Key={"id": "u2"})["Item"]["age"], 42)
            found = table.scan(FilterExpression=Attr("age").gt(40))["Items"]
            self.assertEqual([i["id"] for i in found], ["u2"])
            self.assertEqual(table.query(KeyConditionExpression=Key("id").eq("u1"))["Count"], 1)
            table.delete_item(Key={"id": "u1"})
            self.assertNotIn("Item", table.get_item(Key={"id": "u1"}))
            table.delete()
            table.wait_until_not_exists()


if __name__ == "__main__":
    unittest.main()
