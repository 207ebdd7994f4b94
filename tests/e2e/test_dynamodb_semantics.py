"""DynamoDB semantics that SDK users rely on, checked through boto3 against the
behaviour recorded in /work/shared/reference/dynamodb.md (sections 2, 5, 6, 8, 9):
page boundaries, Limit and filters, LastEvaluatedKey, consumed capacity, size
and key limits, numbers, ReturnValues, conditional failures, table lifecycle."""
import unittest

from botocore.exceptions import ClientError

from harness import Cloudlet

KB = 1024


def s_item(pk, sk, **attrs):
    item = {"pk": {"S": pk}, "sk": {"N": str(sk)}}
    item.update(attrs)
    return item


class DynamoDbSemanticsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = cls.c.client("dynamodb")
        for name, keys in (("sem", [("pk", "S", "HASH"), ("sk", "N", "RANGE")]),
                           ("semh", [("pk", "S", "HASH")]),
                           ("pages", [("pk", "S", "HASH"), ("sk", "N", "RANGE")])):
            cls.ddb.create_table(
                TableName=name,
                KeySchema=[{"AttributeName": n, "KeyType": k} for n, _, k in keys],
                AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t, _ in keys],
                BillingMode="PAY_PER_REQUEST")
        # 25 items of ~100 KB in one partition, for the 1 MB page.
        blob = "x" * (100 * KB)
        for i in range(25):
            cls.ddb.put_item(TableName="pages", Item=s_item("big", i, data={"S": blob}))
        for i in range(10):
            cls.ddb.put_item(TableName="sem", Item=s_item("ten", i, even={"BOOL": i % 2 == 0}))

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def error_of(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response

    def validation(self, fn, **kwargs):
        r = self.error_of(fn, **kwargs)
        self.assertEqual(r["Error"]["Code"], "ValidationException", r["Error"])
        return r["Error"]["Message"]

    # ---------------------------------------------------------------- pages --

    def read_all(self, op, **kwargs):
        pages, start = [], None
        while True:
            args = dict(kwargs)
            if start:
                args["ExclusiveStartKey"] = start
            page = op(**args)
            pages.append(page)
            start = page.get("LastEvaluatedKey")
            if not start:
                return pages
            self.assertLess(len(pages), 50)

    def check_1mb_pages(self, op, **kwargs):
        pages = self.read_all(op, **kwargs)
        self.assertGreaterEqual(len(pages), 3)
        first = pages[0]
        # A page stops once 1 MB has been read: 10 items of 100 KB do not reach it, 11 pass it.
        self.assertIn(first["Count"], (10, 11))
        self.assertEqual(first["Count"], first["ScannedCount"])
        last = first["Items"][-1]
        self.assertEqual(first["LastEvaluatedKey"], {"pk": last["pk"], "sk": last["sk"]})
        sks = [int(i["sk"]["N"]) for p in pages for i in p["Items"]]
        return sks

    def test_query_pages_stop_after_1mb_forward_and_backward(self):
        q = dict(TableName="pages", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "big"}})
        self.assertEqual(self.check_1mb_pages(self.ddb.query, **q), list(range(25)))
        self.assertEqual(self.check_1mb_pages(self.ddb.query, ScanIndexForward=False, **q), list(range(24, -1, -1)))
        # Decoding the items (a filter) does not move the page boundary.
        plain = self.ddb.query(**q)
        filtered = self.ddb.query(FilterExpression="attribute_exists(#d)", ExpressionAttributeNames={"#d": "data"}, **q)
        self.assertEqual(plain["ScannedCount"], filtered["ScannedCount"])

    def test_scan_pages_stop_after_1mb(self):
        self.assertEqual(sorted(self.check_1mb_pages(self.ddb.scan, TableName="pages")), list(range(25)))

    def test_limit_counts_items_read_before_the_filter(self):
        page = self.ddb.query(TableName="sem", KeyConditionExpression="pk = :p", FilterExpression="even = :t",
                              ExpressionAttributeValues={":p": {"S": "ten"}, ":t": {"BOOL": True}}, Limit=4)
        self.assertEqual(page["ScannedCount"], 4)
        self.assertEqual(page["Count"], 2)
        # The key of the last item *read* (sk 3, filtered out), keys only, typed.
        self.assertEqual(page["LastEvaluatedKey"], {"pk": {"S": "ten"}, "sk": {"N": "3"}})
        page = self.ddb.scan(TableName="sem", FilterExpression="even = :f",
                             ExpressionAttributeValues={":f": {"BOOL": False}}, Limit=1, Select="COUNT")
        self.assertEqual(page["ScannedCount"], 1)
        self.assertNotIn("Items", page)
        self.assertEqual(set(page["LastEvaluatedKey"]), {"pk", "sk"})

    def test_limit_landing_on_the_last_item_still_returns_a_key(self):
        q = dict(TableName="sem", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "ten"}})
        page = self.ddb.query(Limit=10, **q)
        self.assertEqual(page["Count"], 10)
        self.assertEqual(page["LastEvaluatedKey"], {"pk": {"S": "ten"}, "sk": {"N": "9"}})
        rest = self.ddb.query(Limit=10, ExclusiveStartKey=page["LastEvaluatedKey"], **q)
        self.assertEqual(rest["Count"], 0)
        self.assertNotIn("LastEvaluatedKey", rest)
        self.assertNotIn("LastEvaluatedKey", self.ddb.query(Limit=11, **q))
        self.assertNotIn("LastEvaluatedKey", self.ddb.query(**q))

    def test_exclusive_start_key_errors(self):
        q = dict(TableName="sem", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "ten"}})
        bad = "The provided starting key is invalid: The provided key element does not match the schema"
        for key in ({"pk": {"S": "ten"}}, {"pk": {"S": "ten"}, "sk": {"S": "1"}},
                    {"pk": {"S": "ten"}, "sk": {"N": "1"}, "x": {"S": "y"}}):
            self.assertEqual(self.validation(self.ddb.query, ExclusiveStartKey=key, **q), bad)
            self.assertEqual(self.validation(self.ddb.scan, TableName="sem", ExclusiveStartKey=key), bad)

    # ------------------------------------------------------------- capacity --

    def test_get_item_capacity_strong_and_eventual(self):
        self.ddb.put_item(TableName="semh", Item={"pk": {"S": "cap5k"}, "d": {"S": "x" * (5 * KB)}})
        for consistent, units in ((True, 2.0), (False, 1.0)):
            r = self.ddb.get_item(TableName="semh", Key={"pk": {"S": "cap5k"}}, ConsistentRead=consistent,
                                  ReturnConsumedCapacity="TOTAL")
            self.assertEqual(r["ConsumedCapacity"]["TableName"], "semh")
            self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], units)
            self.assertNotIn("Table", r["ConsumedCapacity"])
        r = self.ddb.get_item(TableName="semh", Key={"pk": {"S": "missing"}}, ReturnConsumedCapacity="INDEXES")
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 0.5)
        self.assertEqual(r["ConsumedCapacity"]["Table"]["CapacityUnits"], 0.5)
        r = self.ddb.get_item(TableName="semh", Key={"pk": {"S": "missing"}}, ReturnConsumedCapacity="NONE")
        self.assertNotIn("ConsumedCapacity", r)

    def test_put_item_capacity_is_the_larger_of_old_and_new(self):
        put = lambda n: self.ddb.put_item(TableName="semh", Item={"pk": {"S": "capput"}, "d": {"S": "x" * n}},
                                          ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]["CapacityUnits"]
        self.assertEqual(put(10), 1.0)
        self.assertEqual(put(3 * KB), 4.0)      # 3 KB + names and key: just over 3 KB -> 4
        self.assertEqual(put(10), 4.0)          # the old item is larger
        self.assertEqual(put(10), 1.0)
        r = self.ddb.delete_item(TableName="semh", Key={"pk": {"S": "capput"}}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 1.0)
        r = self.ddb.delete_item(TableName="semh", Key={"pk": {"S": "capput"}}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 1.0)

    def test_query_capacity_sums_then_rounds_once(self):
        # Ten items of 1 KB each (pk "qcap" = 4 + 2 + 2 + 1 + ...) read together: ~10.3 KB -> 3 units strong.
        for i in range(10):
            self.ddb.put_item(TableName="sem", Item=s_item("qcap", i, d={"S": "x" * 1000}))
        r = self.ddb.query(TableName="sem", KeyConditionExpression="pk = :p", ExpressionAttributeValues={
            ":p": {"S": "qcap"}}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 3.0)
        r = self.ddb.query(TableName="sem", KeyConditionExpression="pk = :p", ExpressionAttributeValues={
            ":p": {"S": "qcap"}}, ReturnConsumedCapacity="TOTAL", Select="COUNT")
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 1.5)
        r = self.ddb.query(TableName="sem", KeyConditionExpression="pk = :p", ExpressionAttributeValues={
            ":p": {"S": "nothing"}}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 0.5)

    def test_batch_capacity_is_a_list_per_table(self):
        r = self.ddb.batch_write_item(RequestItems={
            "semh": [{"PutRequest": {"Item": {"pk": {"S": "b1"}, "d": {"S": "x" * 1500}}}},
                     {"PutRequest": {"Item": {"pk": {"S": "b2"}, "d": {"S": "x" * 6500}}}}],
            "sem": [{"PutRequest": {"Item": s_item("b", 1)}}]}, ReturnConsumedCapacity="TOTAL")
        caps = {c["TableName"]: c["CapacityUnits"] for c in r["ConsumedCapacity"]}
        self.assertEqual(caps, {"semh": 2.0 + 7.0, "sem": 1.0})
        r = self.ddb.batch_get_item(RequestItems={
            "semh": {"Keys": [{"pk": {"S": "b1"}}, {"pk": {"S": "b2"}}], "ConsistentRead": True},
            "sem": {"Keys": [{"pk": {"S": "b"}, "sk": {"N": "1"}}]}}, ReturnConsumedCapacity="TOTAL")
        caps = {c["TableName"]: c["CapacityUnits"] for c in r["ConsumedCapacity"]}
        self.assertEqual(caps, {"semh": 1.0 + 2.0, "sem": 0.5})
        r = self.ddb.batch_write_item(RequestItems={"semh": [{"DeleteRequest": {"Key": {"pk": {"S": "b2"}}}}]},
                                      ReturnConsumedCapacity="TOTAL")
        self.assertEqual([(c["TableName"], c["CapacityUnits"]) for c in r["ConsumedCapacity"]], [("semh", 7.0)])

    # ---------------------------------------------------------- size limits --

    def test_item_size_limit_is_exactly_400kb(self):
        # pk "sz" (2 + 2) + name "d" (1) + value: 409,600 in all.
        fits = 409600 - 2 - 2 - 1
        self.ddb.put_item(TableName="semh", Item={"pk": {"S": "sz"}, "d": {"S": "x" * fits}})
        msg = self.validation(self.ddb.put_item, TableName="semh",
                              Item={"pk": {"S": "sz"}, "d": {"S": "x" * (fits + 1)}})
        self.assertEqual(msg, "Item size has exceeded the maximum allowed size")
        self.ddb.put_item(TableName="semh", Item={"pk": {"S": "sz"}, "d": {"S": "x" * (fits - 2)}})
        self.ddb.update_item(TableName="semh", Key={"pk": {"S": "sz"}}, UpdateExpression="SET e = :v",
                             ExpressionAttributeValues={":v": {"BOOL": True}})  # e (1) + BOOL (1)
        msg = self.validation(self.ddb.update_item, TableName="semh", Key={"pk": {"S": "sz"}},
                              UpdateExpression="SET f = :v", ExpressionAttributeValues={":v": {"BOOL": True}})
        self.assertEqual(msg, "Item size to update has exceeded the maximum allowed size")

    def test_update_nesting_beyond_32_levels_is_rejected(self):
        value = {"S": "leaf"}
        for _ in range(31):
            value = {"M": {"a": value}}  # 32 levels: accepted as a value
        self.ddb.put_item(TableName="semh", Item={"pk": {"S": "deep"}, "m": {"M": {}}})
        msg = self.validation(self.ddb.update_item, TableName="semh", Key={"pk": {"S": "deep"}},
                              UpdateExpression="SET m.x = :v", ExpressionAttributeValues={":v": value})
        self.assertEqual(msg, "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
                              "levels beyond supported limit")
        self.assertEqual(self.ddb.get_item(TableName="semh", Key={"pk": {"S": "deep"}})["Item"]["m"], {"M": {}})
        self.ddb.update_item(TableName="semh", Key={"pk": {"S": "deep"}}, UpdateExpression="SET n = :v",
                             ExpressionAttributeValues={":v": value})

    def test_key_size_limits(self):
        self.ddb.put_item(TableName="sem", Item={"pk": {"S": "k" * 2048}, "sk": {"N": "1"}})
        msg = self.validation(self.ddb.put_item, TableName="sem", Item={"pk": {"S": "k" * 2049}, "sk": {"N": "1"}})
        self.assertEqual(msg, "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
                              "size limit of2048 bytes")
        self.ddb.put_item(TableName="sem", Item={"pk": {"S": "skk"}, "sk": {"N": "1"}})
        self.ddb.create_table(TableName="semss", BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                         {"AttributeName": "sk", "KeyType": "RANGE"}],
                              AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                    {"AttributeName": "sk", "AttributeType": "S"}])
        self.ddb.put_item(TableName="semss", Item={"pk": {"S": "a"}, "sk": {"S": "s" * 1024}})
        msg = self.validation(self.ddb.put_item, TableName="semss", Item={"pk": {"S": "a"}, "sk": {"S": "s" * 1025}})
        self.assertEqual(msg, "One or more parameter values were invalid: Aggregated size of all range keys has "
                              "exceeded the size limit of 1024 bytes")
        msg = self.validation(self.ddb.get_item, TableName="semss", Key={"pk": {"S": "a"}, "sk": {"S": "s" * 1025}})
        self.assertIn("1024 bytes", msg)

    def test_empty_string_keys(self):
        expected = ("One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                    "contain an empty string value. Key: pk")
        self.assertEqual(self.validation(self.ddb.put_item, TableName="semh", Item={"pk": {"S": ""}}), expected)
        self.assertEqual(self.validation(self.ddb.get_item, TableName="semh", Key={"pk": {"S": ""}}), expected)
        self.assertEqual(self.validation(self.ddb.delete_item, TableName="semh", Key={"pk": {"S": ""}}), expected)
        self.assertEqual(self.validation(self.ddb.update_item, TableName="semh", Key={"pk": {"S": ""}}), expected)
        # Empty strings are fine outside keys.
        self.ddb.put_item(TableName="semh", Item={"pk": {"S": "e"}, "v": {"S": ""}, "l": {"L": [{"S": ""}]}})

    # -------------------------------------------------------------- numbers --

    def test_number_edges(self):
        put = lambda n=None, **kw: self.ddb.put_item(TableName="semh", Item={"pk": {"S": "num"}, "n": {"N": n or kw["n"]}})
        get = lambda: self.ddb.get_item(TableName="semh", Key={"pk": {"S": "num"}})["Item"]["n"]["N"]
        put("1E-130")
        self.assertEqual(get(), "0." + "0" * 129 + "1")
        put("9.9999999999999999999999999999999999999E+125")
        self.assertEqual(get(), "9" * 38 + "0" * 88)
        put("-" + "1" * 38)
        self.assertEqual(get(), "-" + "1" * 38)
        self.assertEqual(self.validation(put, n="1" * 39), "Attempting to store more than 38 significant digits in a Number")
        self.assertEqual(self.validation(put, n="1E-131"), "Number underflow. Attempting to store a number with "
                                                         "magnitude smaller than supported range")
        self.assertEqual(self.validation(put, n="1E+126"), "Number overflow. Attempting to store a number with "
                                                         "magnitude larger than supported range")
        put("1" + "0" * 38)  # 39 digits, one significant
        self.assertEqual(get(), "1" + "0" * 38)

    def test_number_arithmetic_overflow(self):
        big = "9.9999999999999999999999999999999999999E+125"
        self.ddb.put_item(TableName="semh", Item={"pk": {"S": "arith"}, "n": {"N": big}, "p": {"N": "1" * 38}})
        overflow = "Number overflow. Attempting to store a number with magnitude larger than supported range"
        for expr in ("SET n = n + :v", "ADD n :v"):
            msg = self.validation(self.ddb.update_item, TableName="semh", Key={"pk": {"S": "arith"}},
                                  UpdateExpression=expr, ExpressionAttributeValues={":v": {"N": big}})
            self.assertEqual(msg, overflow)
        msg = self.validation(self.ddb.update_item, TableName="semh", Key={"pk": {"S": "arith"}},
                              UpdateExpression="SET p = p + :v", ExpressionAttributeValues={":v": {"N": "0.1"}})
        # A result needing more than 38 digits is answered with the overflow text too.
        self.assertEqual(msg, overflow)
        r = self.ddb.update_item(TableName="semh", Key={"pk": {"S": "arith"}}, UpdateExpression="SET n = n - :v",
                                 ExpressionAttributeValues={":v": {"N": big}}, ReturnValues="UPDATED_NEW")
        self.assertEqual(r["Attributes"], {"n": {"N": "0"}})

    # --------------------------------------------------------- ReturnValues --

    def test_return_values_per_operation(self):
        key = {"pk": {"S": "rv"}}
        for rv in ("UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"):
            self.assertEqual(self.validation(self.ddb.put_item, TableName="semh", Item=key, ReturnValues=rv),
                             "ReturnValues can only be ALL_OLD or NONE")
            self.assertEqual(self.validation(self.ddb.delete_item, TableName="semh", Key=key, ReturnValues=rv),
                             "ReturnValues can only be ALL_OLD or NONE")
        self.assertNotIn("Attributes", self.ddb.put_item(TableName="semh", Item={**key, "a": {"N": "1"}},
                                                         ReturnValues="ALL_OLD"))
        r = self.ddb.put_item(TableName="semh", Item={**key, "a": {"N": "2"}}, ReturnValues="ALL_OLD")
        self.assertEqual(r["Attributes"], {**key, "a": {"N": "1"}})
        upd = lambda rv: self.ddb.update_item(TableName="semh", Key=key, UpdateExpression="SET b = :b REMOVE a",
                                              ExpressionAttributeValues={":b": {"S": rv}}, ReturnValues=rv)
        self.assertEqual(upd("ALL_OLD")["Attributes"], {**key, "a": {"N": "2"}})
        self.assertEqual(upd("UPDATED_OLD")["Attributes"], {"b": {"S": "ALL_OLD"}})
        self.assertEqual(upd("ALL_NEW")["Attributes"], {**key, "b": {"S": "ALL_NEW"}})
        self.assertEqual(upd("UPDATED_NEW")["Attributes"], {"b": {"S": "UPDATED_NEW"}})
        self.assertNotIn("Attributes", upd("NONE"))
        r = self.ddb.delete_item(TableName="semh", Key=key, ReturnValues="ALL_OLD")
        self.assertEqual(r["Attributes"], {**key, "b": {"S": "NONE"}})
        # DeleteItem of a missing item succeeds and returns nothing.
        r = self.ddb.delete_item(TableName="semh", Key=key, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", r)
        # UPDATED_OLD of an attribute that did not exist: nothing.
        r = self.ddb.update_item(TableName="semh", Key=key, UpdateExpression="SET c = :c",
                                 ExpressionAttributeValues={":c": {"N": "1"}}, ReturnValues="UPDATED_OLD")
        self.assertNotIn("Attributes", r)

    def test_condition_failure_returns_old_item_when_asked(self):
        key = {"pk": {"S": "ccf"}}
        self.ddb.put_item(TableName="semh", Item={**key, "v": {"N": "1"}})
        calls = [
            (self.ddb.put_item, dict(Item={**key, "v": {"N": "2"}})),
            (self.ddb.update_item, dict(Key=key, UpdateExpression="SET v = :v",
                                        ExpressionAttributeValues={":v": {"N": "3"}})),
            (self.ddb.delete_item, dict(Key=key)),
        ]
        for fn, args in calls:
            r = self.error_of(fn, TableName="semh", ConditionExpression="attribute_not_exists(pk)",
                              ReturnValuesOnConditionCheckFailure="ALL_OLD", **args)
            self.assertEqual(r["Error"]["Code"], "ConditionalCheckFailedException")
            self.assertEqual(r["Error"]["Message"], "The conditional request failed")
            self.assertEqual(r["Item"], {**key, "v": {"N": "1"}})
            r = self.error_of(fn, TableName="semh", ConditionExpression="attribute_not_exists(pk)", **args)
            self.assertNotIn("Item", r)
        missing = {"pk": {"S": "ccf-missing"}}
        r = self.error_of(self.ddb.delete_item, TableName="semh", Key=missing, ConditionExpression="attribute_exists(pk)",
                          ReturnValuesOnConditionCheckFailure="ALL_OLD")
        self.assertEqual(r["Error"]["Code"], "ConditionalCheckFailedException")
        self.assertNotIn("Item", r)

    def test_update_upsert_versus_remove_only(self):
        self.ddb.update_item(TableName="semh", Key={"pk": {"S": "ups"}}, UpdateExpression="SET a = :a",
                             ExpressionAttributeValues={":a": {"N": "1"}})
        self.assertEqual(self.ddb.get_item(TableName="semh", Key={"pk": {"S": "ups"}})["Item"],
                         {"pk": {"S": "ups"}, "a": {"N": "1"}})
        r = self.ddb.update_item(TableName="semh", Key={"pk": {"S": "rmonly"}}, UpdateExpression="REMOVE a",
                                 ReturnValues="ALL_NEW")
        self.assertNotIn("Attributes", r)
        self.assertNotIn("Item", self.ddb.get_item(TableName="semh", Key={"pk": {"S": "rmonly"}}))

    # --------------------------------------------------------------- tables --

    def test_list_tables_paging(self):
        names = []
        start = None
        while True:
            args = {"Limit": 1}
            if start:
                args["ExclusiveStartTableName"] = start
            r = self.ddb.list_tables(**args)
            names += r["TableNames"]
            start = r.get("LastEvaluatedTableName")
            if not start:
                break
            self.assertEqual(start, r["TableNames"][-1])
        self.assertEqual(names, sorted(self.ddb.list_tables()["TableNames"]))
        self.assertIn("sem", names)

    def test_delete_table_then_recreate_has_no_old_items(self):
        spec = dict(TableName="recreated", BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        self.ddb.create_table(**spec)
        self.ddb.put_item(TableName="recreated", Item={"pk": {"S": "old"}})
        self.ddb.delete_table(TableName="recreated")
        self.ddb.create_table(**spec)
        self.assertEqual(self.ddb.scan(TableName="recreated")["Count"], 0)
        self.assertNotIn("Item", self.ddb.get_item(TableName="recreated", Key={"pk": {"S": "old"}}))
        self.assertEqual(self.ddb.describe_table(TableName="recreated")["Table"]["ItemCount"], 0)

    def test_table_arn_as_table_name(self):
        arn = self.ddb.describe_table(TableName="semh")["Table"]["TableArn"]
        key = {"pk": {"S": "arn"}}
        self.ddb.put_item(TableName=arn, Item={**key, "v": {"S": "1"}})
        self.assertEqual(self.ddb.get_item(TableName=arn, Key=key)["Item"]["v"], {"S": "1"})
        self.ddb.update_item(TableName=arn, Key=key, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"S": "2"}})
        r = self.ddb.query(TableName=arn, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": key["pk"]},
                           ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["Count"], 1)
        self.assertGreaterEqual(self.ddb.scan(TableName=arn)["Count"], 1)
        r = self.ddb.batch_get_item(RequestItems={arn: {"Keys": [key]}})
        self.assertEqual(len(r["Responses"]), 1)
        self.assertEqual(len(next(iter(r["Responses"].values()))), 1)
        self.ddb.batch_write_item(RequestItems={arn: [{"DeleteRequest": {"Key": key}}]})
        self.ddb.delete_item(TableName=arn, Key=key)
        self.assertEqual(self.ddb.describe_table(TableName=arn)["Table"]["TableName"], "semh")
        other_region = arn.replace("us-east-1", "eu-west-1")
        self.assertEqual(self.error_of(self.ddb.get_item, TableName=other_region, Key=key)["Error"]["Code"],
                         "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
