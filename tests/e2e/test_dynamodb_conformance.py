"""DynamoDB answers that a conformance run against real DynamoDB pinned down.

Each case here was found by running a public parity suite against cloudlet; the
expectations restate DynamoDB's documented answers in our own words. boto3's
own parameter checks are off so that requests DynamoDB itself rejects reach
the server unchanged.
"""
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from harness import Cloudlet


class DynamoDbConformanceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = boto3.client("dynamodb", endpoint_url=cls.c.endpoint, region_name="us-east-1",
                               aws_access_key_id="test", aws_secret_access_key="test",
                               config=Config(parameter_validation=False, retries={"max_attempts": 1}))
        cls.ddb.create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"},
                       {"AttributeName": "placed", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"},
                                  {"AttributeName": "placed", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST")
        cls.ddb.create_table(
            TableName="widgets",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def error_of(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response["Error"]

    # --- table names -------------------------------------------------------------------------

    def test_item_operations_accept_short_table_names(self):
        # Data-plane operations take a name or an ARN: the floor is one character, not three.
        err = self.error_of(self.ddb.put_item, TableName="", Item={"id": {"S": "w"}})
        self.assertEqual(err["Message"], "1 validation error detected: Value '' at 'tableName' failed to satisfy "
                                         "constraint: Member must have length greater than or equal to 1")
        for call, kwargs in [(self.ddb.put_item, {"Item": {"id": {"S": "w"}}}),
                             (self.ddb.get_item, {"Key": {"id": {"S": "w"}}}),
                             (self.ddb.delete_item, {"Key": {"id": {"S": "w"}}}),
                             (self.ddb.query, {"KeyConditionExpression": "id = :v",
                                               "ExpressionAttributeValues": {":v": {"S": "w"}}}),
                             (self.ddb.scan, {}),
                             (self.ddb.describe_table, {})]:
            err = self.error_of(call, TableName="ab", **kwargs)
            self.assertEqual(err["Code"], "ResourceNotFoundException", call)

    def test_create_table_reports_name_before_billing(self):
        err = self.error_of(self.ddb.create_table, TableName="", KeySchema=[], AttributeDefinitions=[])
        self.assertEqual(err["Code"], "ValidationException")
        self.assertRegex(err["Message"], r"^\d validation errors? detected: Value '' at 'tableName'")
        err = self.error_of(self.ddb.create_table, TableName="x!", KeySchema=[],
                            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
        self.assertIn("'tableName'", err["Message"])
        self.assertIn("regular expression pattern", err["Message"])

    # --- CreateTable key schema --------------------------------------------------------------

    def test_create_table_same_attribute_as_hash_and_range(self):
        err = self.error_of(self.ddb.create_table, TableName="twice",
                            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"},
                                       {"AttributeName": "id", "KeyType": "RANGE"}],
                            BillingMode="PAY_PER_REQUEST")
        self.assertEqual(err["Message"], "Invalid KeySchema: Some index key attribute have no definition")

    def test_create_table_three_key_elements_prints_java_elements(self):
        names = ["a1", "b2", "c3"]
        err = self.error_of(self.ddb.create_table, TableName="three_keys",
                            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in names],
                            KeySchema=[{"AttributeName": "a1", "KeyType": "HASH"},
                                       {"AttributeName": "b2", "KeyType": "RANGE"},
                                       {"AttributeName": "c3", "KeyType": "RANGE"}],
                            BillingMode="PAY_PER_REQUEST")
        self.assertEqual(err["Message"],
                         "1 validation error detected: Value '[KeySchemaElement(attributeName=a1, keyType=HASH), "
                         "KeySchemaElement(attributeName=b2, keyType=RANGE), KeySchemaElement(attributeName=c3, "
                         "keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less "
                         "than or equal to 2")

    # --- UpdateTable ---------------------------------------------------------------------------

    def test_update_table_same_billing_mode_is_a_noop(self):
        out = self.ddb.update_table(TableName="widgets", BillingMode="PAY_PER_REQUEST")
        self.assertEqual(out["TableDescription"]["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        err = self.error_of(self.ddb.update_table, TableName="widgets")
        self.assertTrue(err["Message"].startswith("At least one of ProvisionedThroughput, BillingMode"))

    # --- batches ---------------------------------------------------------------------------------

    def test_batch_with_no_tables_says_request_items_required(self):
        err = self.error_of(self.ddb.batch_get_item, RequestItems={})
        self.assertEqual(err["Message"], "The requestItems parameter is required for BatchGetItem")
        err = self.error_of(self.ddb.batch_write_item, RequestItems={})
        self.assertEqual(err["Message"], "The requestItems parameter is required for BatchWriteItem")

    def test_batch_get_over_one_hundred_keys_in_one_table(self):
        keys = [{"id": {"S": f"w{i}"}} for i in range(101)]
        err = self.error_of(self.ddb.batch_get_item, RequestItems={"widgets": {"Keys": keys}})
        self.assertEqual(err["Message"], "1 validation error detected: Value at 'RequestItems.widgets.member.Keys' "
                                         "failed to satisfy constraint: Member must have length less than or equal "
                                         "to 100")

    # --- Query key conditions ----------------------------------------------------------------

    def test_query_on_non_key_attribute_names_the_partition_key(self):
        err = self.error_of(self.ddb.query, TableName="orders", KeyConditionExpression="colour = :v",
                            ExpressionAttributeValues={":v": {"S": "x"}})
        self.assertEqual(err["Message"], "Query condition missed key schema element: customer")
        err = self.error_of(self.ddb.query, TableName="orders",
                            KeyConditionExpression="customer = :c AND colour = :v",
                            ExpressionAttributeValues={":c": {"S": "c"}, ":v": {"S": "x"}})
        self.assertEqual(err["Message"], "Query condition missed key schema element: placed")


if __name__ == "__main__":
    unittest.main()
