"""DynamoDB GSIs with multi-attribute keys (up to four partition and four sort attributes) through boto3."""
import os
import subprocess
import time
import unittest

from botocore.exceptions import ClientError

from harness import Cloudlet

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": str(v)}  # noqa: E731
B = lambda v: {"B": v}  # noqa: E731

# "region" is a reserved word: conditions name it #r.
NAMES = {"#r": "region"}


def key_schema(hashes, ranges=()):
    return ([{"AttributeName": a, "KeyType": "HASH"} for a in hashes] +
            [{"AttributeName": a, "KeyType": "RANGE"} for a in ranges])


class MultiAttributeIndexTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = cls.c.client("dynamodb")
        cls.ddb.create_table(
            TableName="matches", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "matchId", "KeyType": "HASH"}],
            AttributeDefinitions=[
                {"AttributeName": "matchId", "AttributeType": "S"},
                {"AttributeName": "tournamentId", "AttributeType": "S"},
                {"AttributeName": "region", "AttributeType": "S"},
                {"AttributeName": "round", "AttributeType": "N"},
                {"AttributeName": "bracket", "AttributeType": "S"},
                {"AttributeName": "player", "AttributeType": "S"},
                {"AttributeName": "day", "AttributeType": "S"},
            ],
            GlobalSecondaryIndexes=[
                {"IndexName": "byTournament", "KeySchema": key_schema(["tournamentId", "region"],
                                                                     ["round", "bracket"]),
                 "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "byPlayer", "KeySchema": key_schema(["player"], ["day", "round"]),
                 "Projection": {"ProjectionType": "KEYS_ONLY"}},
            ])
        cls.items = []
        for i in range(24):
            item = {"matchId": S("m%02d" % i), "tournamentId": S("w24"), "region": S("eu" if i % 3 else "us"),
                    "round": N(i % 4 + 1), "bracket": S("upper" if i % 2 else "lower"), "score": N(i),
                    "player": S("p%d" % (i % 2)), "day": S("2024-01-%02d" % (i % 5 + 1))}
            if i == 23:
                del item["bracket"]  # sparse: not in byTournament, still in byPlayer
            cls.items.append(item)
        for start in range(0, 24, 12):
            cls.ddb.batch_write_item(RequestItems={"matches": [
                {"PutRequest": {"Item": item}} for item in cls.items[start:start + 12]]})

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def error_of(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response["Error"]

    def test_partiql_select_on_a_multi_attribute_index(self):
        rows, token = [], None
        while True:
            kwargs = {"NextToken": token} if token else {}
            page = self.ddb.execute_statement(
                Statement='SELECT matchId FROM "matches"."byTournament" WHERE tournamentId = ? AND "region" = ? '
                          'AND "round" = ?', Parameters=[S("w24"), S("eu"), N(2)], **kwargs)
            rows += page["Items"]
            token = page.get("NextToken")
            if not token:
                break
        expected = sorted(i["matchId"]["S"] for i in self.items
                          if i["region"] == S("eu") and i["round"] == N(2) and "bracket" in i)
        self.assertTrue(expected)
        self.assertEqual(expected, sorted(r["matchId"]["S"] for r in rows))

    def query(self, index="byTournament", **kwargs):
        return self.ddb.query(TableName="matches", IndexName=index, **kwargs)

    def eu(self, condition="", **values):
        """Query byTournament for tournament w24 in eu, `condition` ANDed on."""
        values = {":t": S("w24"), ":r": S("eu"), **values}
        text = "tournamentId = :t AND #r = :r" + (" AND " + condition if condition else "")
        return self.query(KeyConditionExpression=text, ExpressionAttributeNames=NAMES,
                          ExpressionAttributeValues=values)

    def expected_eu(self, keep=lambda item: True):
        rows = [i for i in self.items if i["region"] == S("eu") and "bracket" in i and keep(i)]
        rows.sort(key=lambda i: (int(i["round"]["N"]), i["bracket"]["S"], i["matchId"]["S"]))
        return [i["matchId"]["S"] for i in rows]

    def ids(self, response):
        return [i["matchId"]["S"] for i in response["Items"]]

    def test_describe_reports_the_key_schema_as_given(self):
        t = self.ddb.describe_table(TableName="matches")["Table"]
        gsis = {g["IndexName"]: g for g in t["GlobalSecondaryIndexes"]}
        self.assertEqual(gsis["byTournament"]["KeySchema"],
                         key_schema(["tournamentId", "region"], ["round", "bracket"]))
        self.assertEqual(gsis["byPlayer"]["KeySchema"], key_schema(["player"], ["day", "round"]))
        self.assertEqual(gsis["byTournament"]["ItemCount"], 23)
        self.assertEqual(gsis["byPlayer"]["ItemCount"], 24)

    def test_query_on_every_partition_attribute_sorts_by_the_composite_sort_key(self):
        r = self.eu()
        self.assertEqual(self.ids(r), self.expected_eu())
        self.assertEqual(r["ScannedCount"], len(self.expected_eu()))
        backwards = self.query(KeyConditionExpression="tournamentId = :t AND #r = :r", ScanIndexForward=False,
                               ExpressionAttributeNames=NAMES,
                               ExpressionAttributeValues={":t": S("w24"), ":r": S("eu")})
        self.assertEqual(self.ids(backwards), list(reversed(self.expected_eu())))

    def test_sort_conditions_left_to_right(self):
        rnd = lambda i: int(i["round"]["N"])  # noqa: E731
        self.assertEqual(self.ids(self.eu("round = :n", **{":n": N(2)})), self.expected_eu(lambda i: rnd(i) == 2))
        self.assertEqual(self.ids(self.eu("round > :n", **{":n": N(2)})), self.expected_eu(lambda i: rnd(i) > 2))
        self.assertEqual(self.ids(self.eu("round BETWEEN :a AND :b", **{":a": N(2), ":b": N(3)})),
                         self.expected_eu(lambda i: 2 <= rnd(i) <= 3))
        self.assertEqual(self.ids(self.eu("round = :n AND bracket = :b", **{":n": N(3), ":b": S("upper")})),
                         self.expected_eu(lambda i: rnd(i) == 3 and i["bracket"] == S("upper")))
        self.assertEqual(self.ids(self.eu("round = :n AND begins_with(bracket, :p)", **{":n": N(1), ":p": S("lo")})),
                         self.expected_eu(lambda i: rnd(i) == 1 and i["bracket"] == S("lower")))
        self.assertEqual(self.ids(self.eu("bracket < :b AND round = :n", **{":n": N(4), ":b": S("m")})),
                         self.expected_eu(lambda i: rnd(i) == 4 and i["bracket"]["S"] < "m"))

    def test_pages_carry_every_key_attribute(self):
        seen, start, pages = [], None, 0
        while True:
            kwargs = {"ExclusiveStartKey": start} if start else {}
            r = self.query(KeyConditionExpression="tournamentId = :t AND #r = :r", Limit=4,
                           ExpressionAttributeNames=NAMES,
                           ExpressionAttributeValues={":t": S("w24"), ":r": S("eu")}, **kwargs)
            seen += self.ids(r)
            pages += 1
            start = r.get("LastEvaluatedKey")
            if not start:
                break
            self.assertEqual(set(start), {"tournamentId", "region", "round", "bracket", "matchId"})
        self.assertEqual(seen, self.expected_eu())
        self.assertGreater(pages, 3)
        e = self.error_of(self.query, KeyConditionExpression="tournamentId = :t AND #r = :r",
                          ExpressionAttributeNames=NAMES, ExpressionAttributeValues={":t": S("w24"), ":r": S("eu")},
                          ExclusiveStartKey={"tournamentId": S("w24"), "region": S("eu"), "round": N(1),
                                             "matchId": S("m01")})
        self.assertEqual(e["Message"], "The provided starting key is invalid: The provided key element does not "
                                       "match the schema")

    def test_keys_only_projection_and_a_second_index(self):
        r = self.query(index="byPlayer", KeyConditionExpression="player = :p AND #d = :d",
                       ExpressionAttributeNames={"#d": "day"},
                       ExpressionAttributeValues={":p": S("p1"), ":d": S("2024-01-02")})
        want = sorted((i for i in self.items if i["player"] == S("p1") and i["day"] == S("2024-01-02")),
                      key=lambda i: (int(i["round"]["N"]), i["matchId"]["S"]))
        self.assertEqual(r["Items"], [{k: i[k] for k in ("matchId", "player", "day", "round")} for i in want])

    def test_scan_of_the_index_and_filters(self):
        r = self.ddb.scan(TableName="matches", IndexName="byTournament")
        self.assertEqual(r["Count"], 23)
        r = self.query(KeyConditionExpression="tournamentId = :t AND #r = :r", FilterExpression="score > :s",
                       ExpressionAttributeNames=NAMES,
                       ExpressionAttributeValues={":t": S("w24"), ":r": S("eu"), ":s": N(10)})
        self.assertEqual(self.ids(r), self.expected_eu(lambda i: int(i["score"]["N"]) > 10))
        e = self.error_of(self.query, KeyConditionExpression="tournamentId = :t AND #r = :r",
                          FilterExpression="bracket = :b", ExpressionAttributeNames=NAMES,
                          ExpressionAttributeValues={":t": S("w24"), ":r": S("eu"), ":b": S("upper")})
        self.assertEqual(e["Message"], "Filter Expression can only contain non-primary key attributes: Primary key "
                                       "attribute: bracket")

    def test_legacy_key_conditions(self):
        r = self.query(KeyConditions={
            "tournamentId": {"ComparisonOperator": "EQ", "AttributeValueList": [S("w24")]},
            "region": {"ComparisonOperator": "EQ", "AttributeValueList": [S("eu")]},
            "round": {"ComparisonOperator": "EQ", "AttributeValueList": [N(2)]},
            "bracket": {"ComparisonOperator": "GT", "AttributeValueList": [S("m")]}})
        self.assertEqual(self.ids(r), self.expected_eu(lambda i: i["round"] == N(2) and i["bracket"] == S("upper")))
        e = self.error_of(self.ddb.query, TableName="matches", KeyConditions={
            "matchId": {"ComparisonOperator": "EQ", "AttributeValueList": [S("m1")]},
            "a": {"ComparisonOperator": "EQ", "AttributeValueList": [S("x")]},
            "b": {"ComparisonOperator": "EQ", "AttributeValueList": [S("x")]}})
        self.assertEqual(e["Message"], "Conditions can be of length 1 or 2 only")

    def test_query_errors(self):
        def message(condition, **values):
            return self.error_of(self.query, KeyConditionExpression=condition, ExpressionAttributeNames=NAMES,
                                 ExpressionAttributeValues=values)["Message"]
        self.assertEqual(self.error_of(self.query, KeyConditionExpression="tournamentId = :t AND round = :n",
                                       ExpressionAttributeValues={":t": S("w24"), ":n": N(1)})["Message"],
                         "Query condition missed key schema element: region")
        self.assertEqual(message("tournamentId = :t AND #r > :r", **{":t": S("w24"), ":r": S("eu")}),
                         "Query key condition not supported")
        self.assertEqual(message("tournamentId = :t AND #r = :r AND bracket = :b",
                                 **{":t": S("w24"), ":r": S("eu"), ":b": S("upper")}),
                         "Invalid KeyConditionExpression: The sort key attribute round must have an equality "
                         "condition, since the sort key attribute bracket after it has a condition")
        self.assertEqual(message("tournamentId = :t AND #r = :r AND round > :n AND bracket = :b",
                                 **{":t": S("w24"), ":r": S("eu"), ":n": N(1), ":b": S("upper")}),
                         "Invalid KeyConditionExpression: The sort key attribute round must have an equality "
                         "condition, since the sort key attribute bracket after it has a condition")
        self.assertEqual(message("tournamentId = :t AND #r = :r AND round = :n",
                                 **{":t": S("w24"), ":r": S("eu"), ":n": S("1")}),
                         "One or more parameter values were invalid: Condition parameter type does not match schema "
                         "type")

    def test_writes_move_entries_and_check_every_key_attribute(self):
        table = "matches"
        item = {"matchId": S("late"), "tournamentId": S("s25"), "region": S("ap"), "round": N(1),
                "bracket": S("upper"), "player": S("px"), "day": S("2025-01-01")}
        self.ddb.put_item(TableName=table, Item=item)
        q = lambda: self.query(KeyConditionExpression="tournamentId = :t AND #r = :r",  # noqa: E731
                               ExpressionAttributeNames=NAMES,
                               ExpressionAttributeValues={":t": S("s25"), ":r": S("ap")})["Count"]
        self.assertEqual(q(), 1)
        self.ddb.update_item(TableName=table, Key={"matchId": S("late")}, UpdateExpression="REMOVE #r",
                             ExpressionAttributeNames=NAMES)
        self.assertEqual(q(), 0)
        self.ddb.update_item(TableName=table, Key={"matchId": S("late")}, UpdateExpression="SET #r = :r",
                             ExpressionAttributeNames=NAMES, ExpressionAttributeValues={":r": S("ap")})
        self.assertEqual(q(), 1)
        e = self.error_of(self.ddb.put_item, TableName=table, Item={**item, "bracket": N(3)})
        self.assertEqual(e["Message"], "One or more parameter values were invalid: Type mismatch for Index Key "
                                       "bracket Expected: S Actual: N IndexName: byTournament")
        self.ddb.delete_item(TableName=table, Key={"matchId": S("late")})
        self.assertEqual(q(), 0)


class MultiAttributeDefinitionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = cls.c.client("dynamodb")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    ATTRS = [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "a", "b", "c", "d", "e")]

    def create_error(self, keys, lsi=False):
        spec = {"IndexName": "idx", "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in keys],
                "Projection": {"ProjectionType": "ALL"}}
        with self.assertRaises(ClientError) as cm:
            self.ddb.create_table(
                TableName="bad", BillingMode="PAY_PER_REQUEST", AttributeDefinitions=self.ATTRS,
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                **({"LocalSecondaryIndexes": [spec]} if lsi else {"GlobalSecondaryIndexes": [spec]}))
        return cm.exception.response["Error"]["Message"]

    def test_key_schema_rules(self):
        H, R = "HASH", "RANGE"
        self.assertEqual(self.create_error([("a", H), ("b", H), ("c", H), ("d", H), ("e", H)]),
                         "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number "
                         "of HASH key attributes")
        self.assertEqual(self.create_error([("pk", H), ("a", R), ("b", R), ("c", R), ("d", R), ("e", R)]),
                         "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number "
                         "of RANGE key attributes")
        self.assertEqual(self.create_error([("a", H), ("b", R), ("c", H)]),
                         "One or more parameter values were invalid: All HASH key attributes must precede RANGE key "
                         "attributes in the KeySchema")
        self.assertEqual(self.create_error([("a", R), ("b", H)]),
                         "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
        self.assertEqual(self.create_error([("a", H), ("b", H), ("a", R)]),
                         "The KeySchema contains multiple key attributes with the same name")
        self.assertEqual(self.create_error([("a", H), ("a", R)]),
                         "Both the Hash Key and the Range Key element in the KeySchema have the same name")
        self.assertIn("Member must have length less than or equal to 2",
                      self.create_error([("pk", H), ("a", R), ("b", R)], lsi=True))

    def test_four_and_four_with_mixed_types_and_a_backfilled_index(self):
        attrs = [{"AttributeName": "pk", "AttributeType": "S"}]
        attrs += [{"AttributeName": "h%d" % i, "AttributeType": "S"} for i in range(4)]
        attrs += [{"AttributeName": "r0", "AttributeType": "N"}, {"AttributeName": "r1", "AttributeType": "S"},
                  {"AttributeName": "r2", "AttributeType": "B"}, {"AttributeName": "r3", "AttributeType": "S"}]
        hashes, ranges = ["h0", "h1", "h2", "h3"], ["r0", "r1", "r2", "r3"]
        self.ddb.create_table(TableName="wide", BillingMode="PAY_PER_REQUEST", AttributeDefinitions=attrs,
                              KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                              GlobalSecondaryIndexes=[{"IndexName": "all8", "KeySchema": key_schema(hashes, ranges),
                                                       "Projection": {"ProjectionType": "ALL"}}])
        t = self.ddb.describe_table(TableName="wide")["Table"]
        self.assertEqual(t["GlobalSecondaryIndexes"][0]["KeySchema"], key_schema(hashes, ranges))
        for i in range(6):
            self.ddb.put_item(TableName="wide", Item={
                "pk": S("k%d" % i), "h0": S("a"), "h1": S("b"), "h2": S("c"), "h3": S("d"),
                "r0": N(i % 2), "r1": S("x"), "r2": B(bytes([i])), "r3": S("z"), "cat": S("c%d" % (i % 3))})
        values = {":h0": S("a"), ":h1": S("b"), ":h2": S("c"), ":h3": S("d"), ":r0": N(1), ":r1": S("x"),
                  ":r2": B(bytes([2]))}
        r = self.ddb.query(TableName="wide", IndexName="all8", ExpressionAttributeValues=values,
                           KeyConditionExpression="h0 = :h0 AND h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND r0 = :r0 "
                                                  "AND r1 = :r1 AND r2 > :r2")
        self.assertEqual([i["pk"]["S"] for i in r["Items"]], ["k3", "k5"])

        # UpdateTable adds a multi-attribute GSI over the existing items.
        r = self.ddb.update_table(
            TableName="wide", AttributeDefinitions=[{"AttributeName": "cat", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "byCat", "KeySchema": key_schema(["cat", "h0"],
                                                                                                   ["r0"]),
                                                     "Projection": {"ProjectionType": "KEYS_ONLY"}}}])
        created = [g for g in r["TableDescription"]["GlobalSecondaryIndexes"] if g["IndexName"] == "byCat"][0]
        self.assertEqual(created["KeySchema"], key_schema(["cat", "h0"], ["r0"]))
        deadline = time.time() + 10
        while time.time() < deadline:
            gsis = self.ddb.describe_table(TableName="wide")["Table"]["GlobalSecondaryIndexes"]
            if all(g["IndexStatus"] == "ACTIVE" for g in gsis):
                break
            time.sleep(0.05)
        r = self.ddb.query(TableName="wide", IndexName="byCat", KeyConditionExpression="cat = :c AND h0 = :h",
                           ExpressionAttributeValues={":c": S("c1"), ":h": S("a")})
        self.assertEqual([i["pk"]["S"] for i in r["Items"]], ["k4", "k1"])  # r0 0 (k4) before r0 1 (k1)

        # A backup restores the index definitions and rebuilds their entries.
        arn = self.ddb.create_backup(TableName="wide", BackupName="wide1")["BackupDetails"]["BackupArn"]
        self.ddb.restore_table_from_backup(TargetTableName="wide2", BackupArn=arn)
        deadline = time.time() + 10
        while self.ddb.describe_table(TableName="wide2")["Table"]["TableStatus"] != "ACTIVE":
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        restored = self.ddb.describe_table(TableName="wide2")["Table"]
        gsis = {g["IndexName"]: g for g in restored["GlobalSecondaryIndexes"]}
        self.assertEqual(gsis["all8"]["KeySchema"], key_schema(hashes, ranges))
        r = self.ddb.query(TableName="wide2", IndexName="all8", ExpressionAttributeValues=values,
                           KeyConditionExpression="h0 = :h0 AND h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND r0 = :r0 "
                                                  "AND r1 = :r1 AND r2 > :r2")
        self.assertEqual([i["pk"]["S"] for i in r["Items"]], ["k3", "k5"])


class MultiAttributeDurabilityTest(unittest.TestCase):
    def test_index_definition_and_entries_survive_a_restart(self):
        c = Cloudlet().start()
        try:
            ddb = c.client("dynamodb")
            ddb.create_table(
                TableName="kept", BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "a", "b", "c")],
                GlobalSecondaryIndexes=[{"IndexName": "byAB", "KeySchema": key_schema(["a", "b"], ["c"]),
                                         "Projection": {"ProjectionType": "ALL"}}])
            ddb.put_item(TableName="kept", Item={"pk": S("u1"), "a": S("1"), "b": S("2"), "c": S("3")})
            c.kill9()
            c.start()
            ddb = c.client("dynamodb")
            t = ddb.describe_table(TableName="kept")["Table"]
            self.assertEqual(t["GlobalSecondaryIndexes"][0]["KeySchema"], key_schema(["a", "b"], ["c"]))
            q = ddb.query(TableName="kept", IndexName="byAB", KeyConditionExpression="a = :a AND b = :b",
                          ExpressionAttributeValues={":a": S("1"), ":b": S("2")})
            self.assertEqual([i["pk"] for i in q["Items"]], [S("u1")])
        finally:
            c.cleanup()


class MultiAttributeJsTest(unittest.TestCase):
    def test_js_sdk_creates_and_queries_a_multi_attribute_gsi(self):
        js_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")
        self.assertTrue(os.path.isdir(os.path.join(js_dir, "node_modules")),
                        "tests/e2e/js/node_modules missing: scripts/install-deps.sh installs it")
        with Cloudlet(in_memory=True) as c:
            r = subprocess.run(["node", "--test", "--test-reporter=spec", "dynamodb-indexes.test.mjs"], cwd=js_dir,
                               env=dict(os.environ, CLOUDLET_ENDPOINT=c.endpoint), capture_output=True, text=True,
                               timeout=300)
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()
