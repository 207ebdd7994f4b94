"""DynamoDB secondary indexes (GSI and LSI) through boto3 and the aws CLI against a fresh cloudlet."""
import json
import time
import unittest

from botocore.exceptions import ClientError

from harness import Cloudlet

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": str(v)}  # noqa: E731


class IndexTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = cls.c.client("dynamodb")
        cls.ddb.create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "status", "AttributeType": "S"},
                {"AttributeName": "total", "AttributeType": "N"},
                {"AttributeName": "placed", "AttributeType": "S"},
            ],
            GlobalSecondaryIndexes=[
                {"IndexName": "byStatus",
                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                               {"AttributeName": "total", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]}},
                {"IndexName": "allByStatus",
                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}},
            ],
            LocalSecondaryIndexes=[
                {"IndexName": "byPlaced",
                 "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                               {"AttributeName": "placed", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}},
            ],
            BillingMode="PAY_PER_REQUEST")
        items = []
        for i in range(1, 13):
            item = {"pk": S("c%d" % (i % 3)), "sk": N(i), "total": N(100 - i % 4), "note": S("n%d" % i),
                    "secret": S("s%d" % i), "placed": S("2024-01-%02d" % (13 - i))}
            if i != 12:  # sparse: order 12 has no status, so it is in neither GSI
                item["status"] = S("open" if i % 2 else "shipped")
            items.append({"PutRequest": {"Item": item}})
        cls.ddb.batch_write_item(RequestItems={"orders": items[:10]})
        cls.ddb.batch_write_item(RequestItems={"orders": items[10:]})

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def error_of(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response["Error"]

    def query(self, **kwargs):
        return self.ddb.query(TableName="orders", **kwargs)

    # ------------------------------------------------------------ describe --

    def test_describe_reports_indexes(self):
        t = self.ddb.describe_table(TableName="orders")["Table"]
        gsis = {g["IndexName"]: g for g in t["GlobalSecondaryIndexes"]}
        self.assertEqual(set(gsis), {"byStatus", "allByStatus"})
        g = gsis["byStatus"]
        self.assertEqual(g["IndexStatus"], "ACTIVE")
        self.assertEqual(g["Projection"], {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]})
        self.assertEqual(g["KeySchema"][1], {"AttributeName": "total", "KeyType": "RANGE"})
        self.assertEqual(g["ItemCount"], 11)
        self.assertGreater(g["IndexSizeBytes"], 0)
        self.assertEqual(g["IndexArn"], t["TableArn"] + "/index/byStatus")
        self.assertEqual(g["ProvisionedThroughput"]["ReadCapacityUnits"], 0)
        (lsi,) = t["LocalSecondaryIndexes"]
        self.assertEqual(lsi["IndexName"], "byPlaced")
        self.assertNotIn("IndexStatus", lsi)
        self.assertEqual(lsi["ItemCount"], 12)

    # --------------------------------------------------------------- query --

    def test_gsi_query_orders_by_index_sort_key_and_projects(self):
        r = self.query(IndexName="byStatus", KeyConditionExpression="#s = :s",
                       ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S("open")})
        totals = [int(i["total"]["N"]) for i in r["Items"]]
        self.assertEqual(totals, sorted(totals))
        self.assertEqual(r["Count"], 6)
        for item in r["Items"]:
            self.assertEqual(set(item), {"pk", "sk", "status", "total", "note"})
        desc = self.query(IndexName="byStatus", KeyConditionExpression="#s = :s AND #t >= :t",
                          ScanIndexForward=False, ExpressionAttributeNames={"#s": "status", "#t": "total"},
                          ExpressionAttributeValues={":s": S("open"), ":t": N(99)})
        totals = [int(i["total"]["N"]) for i in desc["Items"]]
        self.assertEqual(totals, sorted(totals, reverse=True))
        self.assertTrue(all(t >= 99 for t in totals))

    def test_sparse_index_leaves_out_items_without_the_key(self):
        seen = []
        for status in ("open", "shipped"):
            r = self.query(IndexName="allByStatus", KeyConditionExpression="#s = :s",
                           ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S(status)})
            seen += [int(i["sk"]["N"]) for i in r["Items"]]
            self.assertTrue(all("secret" in i for i in r["Items"]))  # ALL projection
        self.assertEqual(sorted(seen), list(range(1, 12)))
        scanned = self.ddb.scan(TableName="orders", IndexName="allByStatus")
        self.assertEqual(scanned["Count"], 11)

    def test_paging_through_ties_with_last_evaluated_key(self):
        pages, seen, start = 0, [], None
        while True:
            kwargs = {"ExclusiveStartKey": start} if start else {}
            r = self.query(IndexName="byStatus", KeyConditionExpression="#s = :s", Limit=2,
                           ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S("open")},
                           **kwargs)
            pages += 1
            seen += [(int(i["total"]["N"]), i["pk"]["S"], int(i["sk"]["N"])) for i in r["Items"]]
            start = r.get("LastEvaluatedKey")
            if not start:
                break
            self.assertEqual(set(start), {"status", "total", "pk", "sk"})
        self.assertEqual(len(seen), 6)
        self.assertEqual(len(set(seen)), 6)
        self.assertEqual(seen, sorted(seen))  # ties on total broken by the table key
        self.assertEqual(pages, 4)  # Limit landing on the last item still returns a key

    def test_scan_index_pages_and_segments(self):
        seen, start = [], None
        while True:
            kwargs = {"ExclusiveStartKey": start} if start else {}
            r = self.ddb.scan(TableName="orders", IndexName="byStatus", Limit=4, **kwargs)
            seen += [int(i["sk"]["N"]) for i in r["Items"]]
            start = r.get("LastEvaluatedKey")
            if not start:
                break
        self.assertEqual(sorted(seen), list(range(1, 12)))
        segments = []
        for seg in range(3):
            r = self.ddb.scan(TableName="orders", IndexName="byStatus", Segment=seg, TotalSegments=3)
            segments += [int(i["sk"]["N"]) for i in r["Items"]]
        self.assertEqual(sorted(segments), list(range(1, 12)))

    def test_lsi_query_and_fetch_from_table(self):
        r = self.query(IndexName="byPlaced", KeyConditionExpression="pk = :p AND placed < :d",
                       ExpressionAttributeValues={":p": S("c1"), ":d": S("2024-01-09")})
        placed = [i["placed"]["S"] for i in r["Items"]]
        self.assertEqual(placed, sorted(placed))
        self.assertTrue(placed and all(p < "2024-01-09" for p in placed))
        for item in r["Items"]:  # KEYS_ONLY
            self.assertEqual(set(item), {"pk", "sk", "placed"})
        # An LSI completes what it does not project from the table.
        full = self.query(IndexName="byPlaced", KeyConditionExpression="pk = :p", Select="ALL_ATTRIBUTES",
                          ConsistentRead=True, ExpressionAttributeValues={":p": S("c1")})
        self.assertTrue(all("secret" in i for i in full["Items"]))
        some = self.query(IndexName="byPlaced", KeyConditionExpression="pk = :p", ProjectionExpression="secret",
                          ExpressionAttributeValues={":p": S("c1")})
        self.assertTrue(all(set(i) == {"secret"} for i in some["Items"]))
        counted = self.query(IndexName="byPlaced", KeyConditionExpression="pk = :p", Select="COUNT",
                             ExpressionAttributeValues={":p": S("c1")})
        self.assertEqual(counted["Count"], 4)
        self.assertNotIn("Items", counted)

    def test_read_errors(self):
        e = self.error_of(self.query, IndexName="byStatus", KeyConditionExpression="#s = :s", ConsistentRead=True,
                          ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S("open")})
        self.assertEqual(e["Message"], "Consistent reads are not supported on global secondary indexes")
        e = self.error_of(self.query, IndexName="byStatus", KeyConditionExpression="#s = :s",
                          Select="ALL_ATTRIBUTES", ExpressionAttributeNames={"#s": "status"},
                          ExpressionAttributeValues={":s": S("open")})
        self.assertEqual(e["Message"], "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                                       "supported for global secondary index byStatus because its projection type "
                                       "is not ALL")
        e = self.error_of(self.query, IndexName="nope", KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": S("c1")})
        self.assertEqual(e["Message"], "The table does not have the specified index: nope")
        e = self.error_of(self.query, IndexName="byStatus", KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": S("c1")})
        self.assertEqual(e["Message"], "Query condition missed key schema element: status")
        e = self.error_of(self.query, IndexName="byStatus", KeyConditionExpression="#s = :s",
                          ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S("open")},
                          ExclusiveStartKey={"pk": S("c1"), "sk": N(1)})
        self.assertEqual(e["Message"], "The provided starting key is invalid: The provided key element does not "
                                       "match the schema")
        e = self.error_of(self.ddb.scan, TableName="orders", IndexName="allByStatus", ConsistentRead=True)
        self.assertEqual(e["Message"], "Consistent reads are not supported on global secondary indexes")
        e = self.error_of(self.ddb.scan, TableName="orders", Select="ALL_PROJECTED_ATTRIBUTES")
        self.assertEqual(e["Message"], "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")

    def test_consumed_capacity_names_the_index(self):
        r = self.query(IndexName="byStatus", KeyConditionExpression="#s = :s", ReturnConsumedCapacity="INDEXES",
                       ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S("open")})
        cc = r["ConsumedCapacity"]
        self.assertEqual(cc["TableName"], "orders")
        self.assertEqual(cc["GlobalSecondaryIndexes"]["byStatus"]["CapacityUnits"], cc["CapacityUnits"])
        self.assertEqual(cc["Table"]["CapacityUnits"], 0)
        w = self.ddb.put_item(TableName="orders", ReturnConsumedCapacity="INDEXES",
                              Item={"pk": S("cap"), "sk": N(1), "status": S("open"), "total": N(1)})
        self.assertEqual(set(w["ConsumedCapacity"]["GlobalSecondaryIndexes"]), {"byStatus", "allByStatus"})
        self.ddb.delete_item(TableName="orders", Key={"pk": S("cap"), "sk": N(1)})

    # -------------------------------------------------------- maintenance --

    def test_writes_maintain_every_index(self):
        def by_status(status):
            r = self.query(IndexName="allByStatus", KeyConditionExpression="#s = :s",
                           ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S(status)})
            return [(i["pk"]["S"], int(i["sk"]["N"])) for i in r["Items"]]

        key = {"pk": S("m"), "sk": N(1)}
        self.ddb.put_item(TableName="orders", Item={**key, "status": S("new"), "total": N(5)})
        self.assertEqual(by_status("new"), [("m", 1)])
        self.ddb.update_item(TableName="orders", Key=key, UpdateExpression="SET #s = :s",
                             ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S("moved")})
        self.assertEqual(by_status("new"), [])
        self.assertEqual(by_status("moved"), [("m", 1)])
        self.ddb.update_item(TableName="orders", Key=key, UpdateExpression="REMOVE #s",
                             ExpressionAttributeNames={"#s": "status"})
        self.assertEqual(by_status("moved"), [])
        self.ddb.update_item(TableName="orders", Key=key, UpdateExpression="SET #s = :s",
                             ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S("back")})
        self.ddb.batch_write_item(RequestItems={"orders": [{"DeleteRequest": {"Key": key}}]})
        self.assertEqual(by_status("back"), [])

    def test_mistyped_index_key_is_rejected(self):
        e = self.error_of(self.ddb.put_item, TableName="orders",
                          Item={"pk": S("x"), "sk": N(1), "status": N(3)})
        self.assertEqual(e["Message"], "One or more parameter values were invalid: Type mismatch for Index Key status "
                                       "Expected: S Actual: N IndexName: allByStatus")
        e = self.error_of(self.ddb.update_item, TableName="orders", Key={"pk": S("x"), "sk": N(1)},
                          UpdateExpression="SET placed = :p", ExpressionAttributeValues={":p": N(1)})
        self.assertIn("Type mismatch for Index Key placed Expected: S Actual: N IndexName: byPlaced", e["Message"])
        e = self.error_of(self.ddb.batch_write_item, RequestItems={"orders": [
            {"PutRequest": {"Item": {"pk": S("x"), "sk": N(1), "total": S("many")}}}]})
        self.assertIn("Type mismatch for Index Key total", e["Message"])
        self.assertNotIn("Item", self.ddb.get_item(TableName="orders", Key={"pk": S("x"), "sk": N(1)}))

    def test_item_collection_metrics(self):
        r = self.ddb.put_item(TableName="orders", Item={"pk": S("icm"), "sk": N(1), "placed": S("p")},
                              ReturnItemCollectionMetrics="SIZE")
        self.assertEqual(r["ItemCollectionMetrics"]["ItemCollectionKey"], {"pk": S("icm")})
        self.assertEqual(r["ItemCollectionMetrics"]["SizeEstimateRangeGB"], [0.0, 1.0])
        r = self.ddb.delete_item(TableName="orders", Key={"pk": S("icm"), "sk": N(1)},
                                 ReturnItemCollectionMetrics="SIZE")
        self.assertEqual(r["ItemCollectionMetrics"]["ItemCollectionKey"], {"pk": S("icm")})


class IndexDefinitionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = cls.c.client("dynamodb")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def create_error(self, **overrides):
        args = {
            "TableName": "bad",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "S"},
                                     {"AttributeName": "g", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        }
        args.update(overrides)
        with self.assertRaises(ClientError) as cm:
            self.ddb.create_table(**args)
        return cm.exception.response["Error"]

    def gsi(self, name="gsi1", keys=(("g", "HASH"),), projection=None, **extra):
        return {"IndexName": name, "KeySchema": [{"AttributeName": a, "KeyType": t} for a, t in keys],
                "Projection": projection or {"ProjectionType": "ALL"}, **extra}

    def test_create_table_validation_messages(self):
        prefix = "One or more parameter values were invalid: "
        cases = [
            ({"LocalSecondaryIndexes": [self.gsi("lsi1", (("pk", "HASH"), ("g", "RANGE")))],
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                       {"AttributeName": "g", "AttributeType": "S"}]},
             prefix + "Table KeySchema does not have a range key, which is required when specifying a "
                      "LocalSecondaryIndex"),
            ({"LocalSecondaryIndexes": [self.gsi("lsi1", (("g", "HASH"), ("sk", "RANGE")))]},
             prefix + "Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi1. "
                      "index hash key: g, table hash key: pk"),
            ({"GlobalSecondaryIndexes": [self.gsi("same"), self.gsi("same")]}, prefix + "Duplicate index name: same"),
            ({"GlobalSecondaryIndexes": [self.gsi(keys=(("nope", "HASH"),))]},
             prefix + "Some index key attributes are not defined in AttributeDefinitions. Keys: [nope], "
                      "AttributeDefinitions: [pk, sk, g]"),
            ({"GlobalSecondaryIndexes": [self.gsi(keys=(("pk", "HASH"),))]},
             prefix + "Number of attributes in KeySchema does not exactly match number of attributes defined in "
                      "AttributeDefinitions"),
            ({"GlobalSecondaryIndexes": [self.gsi(projection={"ProjectionType": "INCLUDE"})]},
             prefix + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
            ({"GlobalSecondaryIndexes": [self.gsi(projection={"ProjectionType": "ALL", "NonKeyAttributes": ["a"]})]},
             prefix + "ProjectionType is ALL, but NonKeyAttributes is specified"),
            ({"GlobalSecondaryIndexes": [self.gsi(ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                                          "WriteCapacityUnits": 1})]},
             prefix + "ProvisionedThroughput should not be specified for index: gsi1 when BillingMode is "
                      "PAY_PER_REQUEST"),
            ({"GlobalSecondaryIndexes": [self.gsi()], "BillingMode": "PROVISIONED",
              "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}},
             prefix + "ProvisionedThroughput must be specified for index: gsi1"),
            ({"GlobalSecondaryIndexes": [self.gsi("gsi%d" % i) for i in range(21)]},
             prefix + "GlobalSecondaryIndex count exceeds the per-table limit of 20"),
            ({"GlobalSecondaryIndexes": [self.gsi("gsi%d" % i, projection={
                "ProjectionType": "INCLUDE", "NonKeyAttributes": ["a%d" % j for j in range(21)]}) for i in range(5)]},
             prefix + "Number of projected attributes in all indexes exceeds limit of 100"),
            ({"GlobalSecondaryIndexes": [self.gsi("xx!")]},
             "1 validation error detected: Value 'xx!' at 'globalSecondaryIndexes.1.member.indexName' failed to "
             "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        ]
        for overrides, message in cases:
            with self.subTest(message=message[:70]):
                e = self.create_error(**overrides)
                self.assertEqual(e["Code"], "ValidationException")
                self.assertEqual(e["Message"], message)
        lsis = [self.gsi("lsi%d" % i, (("pk", "HASH"), ("g", "RANGE"))) for i in range(6)]
        e = self.create_error(LocalSecondaryIndexes=lsis)
        self.assertEqual(e["Message"], prefix + "Number of LocalSecondaryIndexes exceeds per-table limit of 5")

    def test_update_table_adds_and_removes_a_gsi_with_backfill(self):
        self.ddb.create_table(
            TableName="grow", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        self.ddb.batch_write_item(RequestItems={"grow": [
            {"PutRequest": {"Item": {"pk": S("k%d" % i), "color": S("red" if i % 2 else "blue")}}}
            for i in range(20)]})
        r = self.ddb.update_table(
            TableName="grow", AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": {
                "IndexName": "byColor", "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}}}])
        (created,) = r["TableDescription"]["GlobalSecondaryIndexes"]
        self.assertEqual(created["IndexStatus"], "CREATING")
        self.assertIn({"AttributeName": "color", "AttributeType": "S"},
                      r["TableDescription"]["AttributeDefinitions"])
        self.wait_for(lambda t: t["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE")
        q = self.ddb.query(TableName="grow", IndexName="byColor", KeyConditionExpression="color = :c",
                           ExpressionAttributeValues={":c": S("red")})
        self.assertEqual(q["Count"], 10)
        # Writes after the backfill are maintained as well.
        self.ddb.put_item(TableName="grow", Item={"pk": S("late"), "color": S("red")})
        q = self.ddb.query(TableName="grow", IndexName="byColor", KeyConditionExpression="color = :c",
                           ExpressionAttributeValues={":c": S("red")})
        self.assertEqual(q["Count"], 11)

        e = self.error_of(self.ddb.update_table, TableName="grow", GlobalSecondaryIndexUpdates=[{"Delete": {
            "IndexName": "missing"}}])
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        e = self.error_of(self.ddb.update_table, TableName="grow", GlobalSecondaryIndexUpdates=[
            {"Create": {"IndexName": "a1x", "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "ALL"}}},
            {"Create": {"IndexName": "a2x", "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "ALL"}}}])
        self.assertEqual(e["Code"], "LimitExceededException")
        e = self.error_of(self.ddb.update_table, TableName="grow", GlobalSecondaryIndexUpdates=[
            {"Create": {"IndexName": "bySize", "KeySchema": [{"AttributeName": "size", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "ALL"}}}])
        self.assertEqual(e["Message"], "One or more parameter values were invalid: Some index key attributes are not "
                                       "defined in AttributeDefinitions. Keys: [size], AttributeDefinitions: "
                                       "[color, pk]")

        self.ddb.update_table(TableName="grow", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byColor"}}])
        self.wait_for(lambda t: "GlobalSecondaryIndexes" not in t)
        t = self.ddb.describe_table(TableName="grow")["Table"]
        self.assertEqual(t["AttributeDefinitions"], [{"AttributeName": "pk", "AttributeType": "S"}])
        e = self.error_of(self.ddb.query, TableName="grow", IndexName="byColor", KeyConditionExpression="color = :c",
                          ExpressionAttributeValues={":c": S("red")})
        self.assertEqual(e["Message"], "The table does not have the specified index: byColor")

    def test_cli_creates_and_queries_a_gsi(self):
        self.c.aws_cli("dynamodb", "create-table", "--table-name", "cli",
                       "--attribute-definitions", "AttributeName=pk,AttributeType=S",
                       "AttributeName=email,AttributeType=S",
                       "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST",
                       "--global-secondary-indexes", json.dumps([{
                           "IndexName": "byEmail", "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
                           "Projection": {"ProjectionType": "ALL"}}]))
        self.c.aws_cli("dynamodb", "put-item", "--table-name", "cli",
                       "--item", json.dumps({"pk": S("u1"), "email": S("a@b.c")}))
        out = self.c.aws_cli("dynamodb", "query", "--table-name", "cli", "--index-name", "byEmail",
                             "--key-condition-expression", "email = :e",
                             "--expression-attribute-values", json.dumps({":e": S("a@b.c")}))
        self.assertEqual(json.loads(out.stdout)["Items"][0]["pk"], S("u1"))

    def wait_for(self, predicate, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if predicate(self.ddb.describe_table(TableName="grow")["Table"]):
                return
            time.sleep(0.05)
        self.fail("index did not reach the expected state")

    def error_of(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response["Error"]


class IndexDurabilityTest(unittest.TestCase):
    def test_indexes_and_entries_survive_a_restart(self):
        c = Cloudlet().start()
        try:
            ddb = c.client("dynamodb")
            ddb.create_table(
                TableName="kept", BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "email", "AttributeType": "S"}],
                GlobalSecondaryIndexes=[{"IndexName": "byEmail",
                                         "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
                                         "Projection": {"ProjectionType": "ALL"}}])
            ddb.put_item(TableName="kept", Item={"pk": S("u1"), "email": S("a@b.c")})
            c.kill9()
            c.start()
            ddb = c.client("dynamodb")
            q = ddb.query(TableName="kept", IndexName="byEmail", KeyConditionExpression="email = :e",
                          ExpressionAttributeValues={":e": S("a@b.c")})
            self.assertEqual([i["pk"] for i in q["Items"]], [S("u1")])
            # Maintenance goes on after the restart.
            ddb.put_item(TableName="kept", Item={"pk": S("u1"), "email": S("new@b.c")})
            q = ddb.query(TableName="kept", IndexName="byEmail", KeyConditionExpression="email = :e",
                          ExpressionAttributeValues={":e": S("a@b.c")})
            self.assertEqual(q["Count"], 0)
        finally:
            c.cleanup()


if __name__ == "__main__":
    unittest.main()
