"""PartiQL for DynamoDB (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction) through boto3."""
import os
import subprocess
import unittest

from botocore.exceptions import ClientError

from harness import Cloudlet

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": str(v)}  # noqa: E731


class PartiqlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.ddb = cls.c.client("dynamodb")
        cls.ddb.create_table(
            TableName="music",
            KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "artist", "AttributeType": "S"},
                                  {"AttributeName": "n", "AttributeType": "N"},
                                  {"AttributeName": "genre", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "byGenre",
                                     "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            BillingMode="PAY_PER_REQUEST")
        cls.ddb.create_table(
            TableName="things", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
        for a in range(3):
            for n in range(4):
                cls.ddb.put_item(TableName="music", Item={
                    "artist": S("a%d" % a), "n": N(n), "genre": S("g%d" % (n % 2)), "plays": N(a * 10 + n),
                    "tags": {"SS": ["x", "y%d" % n]}, "info": {"M": {"len": N(n), "l": {"L": [N(1), S("two")]}}}})

    @classmethod
    def tearDownClass(cls):
        cls.c.stop()

    def run_statement(self, statement, params=None, **kw):
        if params is not None:
            kw["Parameters"] = params
        return self.ddb.execute_statement(Statement=statement, **kw)

    def error(self, statement, params=None, **kw):
        with self.assertRaises(ClientError) as cm:
            self.run_statement(statement, params, **kw)
        return cm.exception.response["Error"]["Code"], cm.exception.response["Error"]["Message"]

    def get(self, table, key):
        return self.ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")

    def select_all(self, statement, params=None, limit=None):
        items, token, calls = [], None, 0
        while True:
            kw = {}
            if limit:
                kw["Limit"] = limit
            if token:
                kw["NextToken"] = token
            r = self.run_statement(statement, params, **kw)
            calls += 1
            items += r["Items"]
            token = r.get("NextToken")
            if not token:
                return items, calls

    # ---- SELECT
    def test_select_by_partition_is_a_query_in_sort_key_order(self):
        r = self.run_statement('SELECT * FROM "music" WHERE artist = \'a1\'')
        self.assertEqual([i["n"]["N"] for i in r["Items"]], ["0", "1", "2", "3"])
        self.assertEqual(r["Items"][0]["info"]["M"]["l"]["L"][1], S("two"))
        r = self.run_statement("SELECT n FROM music WHERE artist = 'a1' AND n BETWEEN 1 AND 2 ORDER BY n DESC")
        self.assertEqual(r["Items"], [{"n": N(2)}, {"n": N(1)}])
        r = self.run_statement("SELECT n FROM music WHERE artist = 'a1' AND n > 1 AND plays < 13")
        self.assertEqual(r["Items"], [{"n": N(2)}])

    def test_select_in_and_or_read_each_partition(self):
        r = self.run_statement("SELECT artist, n FROM music WHERE artist IN ['a2', 'a0'] AND n = 3")
        self.assertEqual(r["Items"], [{"artist": S("a2"), "n": N(3)}, {"artist": S("a0"), "n": N(3)}])
        r = self.run_statement("SELECT artist FROM music WHERE (artist = 'a0' OR artist = 'a1') AND n = 0 "
                               "ORDER BY artist DESC")
        self.assertEqual(r["Items"], [{"artist": S("a1")}, {"artist": S("a0")}])

    def test_select_scan_with_filter_and_projection_of_nested_paths(self):
        r = self.run_statement("SELECT info.l[1], tags FROM music WHERE plays >= 22 AND contains(tags, 'y3')")
        self.assertEqual(r["Items"], [{"l[1]": S("two"), "tags": {"SS": ["x", "y3"]}}])
        r = self.run_statement("SELECT info.len FROM music WHERE artist = 'a0' AND n = 2")
        self.assertEqual(r["Items"], [{"len": N(2)}])

    def test_select_functions_and_is(self):
        q = "SELECT n FROM music WHERE artist = 'a0' AND "
        self.assertEqual(len(self.run_statement(q + "attribute_exists(info.l)")["Items"]), 4)
        self.assertEqual(len(self.run_statement(q + "nope IS MISSING AND tags IS NOT MISSING")["Items"]), 4)
        self.assertEqual(self.run_statement(q + "size(tags) = 2 AND begins_with(genre, 'g1')")["Items"],
                         [{"n": N(1)}, {"n": N(3)}])
        self.assertEqual(len(self.run_statement(q + "info IS TUPLE AND plays IS NUMERIC AND genre IS STRING")["Items"]), 4)
        self.assertEqual(self.run_statement(q + "attribute_type(plays, 'S')")["Items"], [])
        self.assertEqual(len(self.run_statement(q + "NOT plays IN [1, 2] AND plays <> 3")["Items"]), 1)

    def test_select_on_a_global_secondary_index(self):
        items, _ = self.select_all('SELECT artist, n FROM "music"."byGenre" WHERE genre = \'g1\'')
        self.assertEqual(sorted((i["artist"]["S"], i["n"]["N"]) for i in items),
                         [(a, n) for a in ("a0", "a1", "a2") for n in ("1", "3")])
        code, message = self.error('SELECT * FROM "music"."byGenre" WHERE genre = \'g1\'', ConsistentRead=True)
        self.assertEqual((code, message), ("ValidationException", "Consistent reads are not supported on global "
                                                                  "secondary indexes"))
        self.assertEqual(self.error('SELECT * FROM "music"."nope"'),
                         ("ValidationException", "The table does not have the specified index: nope"))

    def test_pagination_with_limit_and_next_token(self):
        items, calls = self.select_all("SELECT artist, n FROM music", limit=5)
        self.assertEqual(len(items), 12)
        self.assertEqual(calls, 3)  # 5 + 5 + 2; Limit reached on a page always hands out a token
        self.assertEqual(len({(i["artist"]["S"], i["n"]["N"]) for i in items}), 12)
        items, calls = self.select_all("SELECT artist, n FROM music WHERE artist IN ['a0', 'a1', 'a2']", limit=4)
        self.assertEqual([(i["artist"]["S"], i["n"]["N"]) for i in items],
                         [("a%d" % a, str(n)) for a in range(3) for n in range(4)])
        # Limit counts items read, not items kept.
        r = self.run_statement("SELECT n FROM music WHERE artist = 'a0' AND plays > 2", Limit=2)
        self.assertEqual(r["Items"], [])
        self.assertIn("NextToken", r)
        r = self.run_statement("SELECT n FROM music WHERE artist = 'a0' AND plays > 2", Limit=2, NextToken=r["NextToken"])
        self.assertEqual(r["Items"], [{"n": N(3)}])
        # A token only continues the request it came from.
        token = self.run_statement("SELECT * FROM music", Limit=1)["NextToken"]
        self.assertEqual(self.error("SELECT * FROM things", NextToken=token),
                         ("ValidationException", "NextToken does not match request"))
        self.assertEqual(self.error("SELECT * FROM music", NextToken="garbage"),
                         ("ValidationException", "Invalid NextToken"))

    def test_pages_end_at_one_megabyte(self):
        big = "x" * 100_000
        for i in range(25):
            self.ddb.put_item(TableName="things", Item={"id": S("big%02d" % i), "blob": S(big)})
        try:
            items, calls = self.select_all("SELECT id FROM things WHERE begins_with(id, 'big')")
            self.assertEqual(len(items), 25)
            self.assertGreaterEqual(calls, 3)
        finally:
            for i in range(25):
                self.ddb.delete_item(TableName="things", Key={"id": S("big%02d" % i)})

    def test_consumed_capacity(self):
        r = self.run_statement("SELECT * FROM music WHERE artist = 'a0'", ReturnConsumedCapacity="TOTAL",
                               ConsistentRead=True)
        self.assertEqual(r["ConsumedCapacity"]["TableName"], "music")
        self.assertGreater(r["ConsumedCapacity"]["CapacityUnits"], 0)
        r = self.run_statement("INSERT INTO things VALUE {'id': 'cap'}", ReturnConsumedCapacity="INDEXES")
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 1.0)

    # ---- parameters of every type
    def test_parameters_of_every_type(self):
        params = [S("p1"), N("1.50"), {"B": b"\x00\x01\x02"}, {"BOOL": True}, {"NULL": True}, {"SS": ["a", "b"]},
                  {"NS": ["1", "2"]}, {"BS": [b"\x00\x01"]}, {"L": [S("x"), N(2)]}, {"M": {"k": S("v")}}]
        self.run_statement("INSERT INTO things VALUE {'id': ?, 'n': ?, 'b': ?, 'bool': ?, 'nul': ?, 'ss': ?, "
                           "'ns': ?, 'bs': ?, 'l': ?, 'm': ?}", params)
        item = self.get("things", {"id": S("p1")})
        self.assertEqual(item["n"], N("1.5"))
        self.assertEqual(item["b"], {"B": b"\x00\x01\x02"})
        self.assertEqual(item["m"], {"M": {"k": S("v")}})
        self.assertEqual(item["l"], {"L": [S("x"), N(2)]})
        r = self.run_statement("SELECT id FROM things WHERE id = ? AND n = ? AND b = ? AND bool = ? AND nul = ? "
                               "AND ss = ? AND m = ?", [S("p1"), N(1.5), {"B": b"\x00\x01\x02"}, {"BOOL": True},
                                                       {"NULL": True}, {"SS": ["b", "a"]}, {"M": {"k": S("v")}}])
        self.assertEqual(r["Items"], [{"id": S("p1")}])
        self.assertEqual(self.error("SELECT * FROM things WHERE id = ?"),
                         ("ValidationException", "Number of parameters in request and statement don't match."))
        self.assertEqual(self.error("SELECT * FROM things WHERE id = ?", [S("a"), S("b")]),
                         ("ValidationException", "Number of parameters in request and statement don't match."))
        self.assertEqual(self.error("SELECT * FROM things WHERE x = ?", [N("1e99999999999")]),
                         ("ValidationException", "The parameter cannot be converted to a numeric value: 1e99999999999"))

    # ---- INSERT
    def test_insert_literals_and_duplicate(self):
        self.run_statement("INSERT INTO things VALUE {'id': 'lit', 'n': 7.31e2, 'l': [1, 'two', TRUE, NULL], "
                           "'m': {'nested': {'deep': -.5}}, 'ns': <<3, 1>>, 'ss': <<'b', 'a'>>}")
        item = self.get("things", {"id": S("lit")})
        self.assertEqual(item["n"], N(731))
        self.assertEqual(item["l"], {"L": [N(1), S("two"), {"BOOL": True}, {"NULL": True}]})
        self.assertEqual(item["m"], {"M": {"nested": {"M": {"deep": N("-0.5")}}}})
        self.assertEqual(sorted(item["ns"]["NS"]), ["1", "3"])
        self.assertEqual(self.error("INSERT INTO things VALUE {'id': 'lit'}"),
                         ("DuplicateItemException", "Duplicate primary key exists in table"))
        self.assertEqual(self.get("things", {"id": S("lit")})["n"], N(731))
        self.assertEqual(self.error("INSERT INTO things VALUE {'other': 'x'}"),
                         ("ValidationException", "Key attribute should be present in the item: Key id"))
        self.assertEqual(self.error("INSERT INTO things VALUE {'id': 5}"), (
            "ValidationException", "Key attribute's data type should match its data type in table's schema: Key id"))

    # ---- UPDATE
    def test_update_set_remove_functions_and_returning(self):
        self.ddb.put_item(TableName="things", Item={"id": S("u"), "count": N(1), "l": {"L": [N(1)]},
                                                    "tags": {"SS": ["a"]}, "gone": S("x"), "m": {"M": {}}})
        r = self.run_statement(
            "UPDATE things SET \"count\" = \"count\" + 2 SET l = list_append(l, [2, 3]) "
            "SET tags = set_add(tags, <<'b'>>) SET m.k = 'v', fresh = if_not_exists(fresh, 0) REMOVE gone "
            "WHERE id = 'u' RETURNING ALL NEW *")
        item = r["Items"][0]
        self.assertEqual(item["count"], N(3))
        self.assertEqual(item["l"], {"L": [N(1), N(2), N(3)]})
        self.assertEqual(sorted(item["tags"]["SS"]), ["a", "b"])
        self.assertEqual(item["m"], {"M": {"k": S("v")}})
        self.assertNotIn("gone", item)
        self.assertEqual(item, self.get("things", {"id": S("u")}))
        r = self.run_statement("UPDATE things SET tags = set_delete(tags, <<'a'>>) WHERE id = 'u' "
                               "RETURNING MODIFIED OLD *")
        self.assertEqual(sorted(r["Items"][0]["tags"]["SS"]), ["a", "b"])
        r = self.run_statement("UPDATE things SET \"count\" = 10 WHERE id = 'u' RETURNING MODIFIED NEW *")
        self.assertEqual(r["Items"], [{"count": N(10)}])
        r = self.run_statement("UPDATE things SET \"count\" = 11 WHERE id = 'u' RETURNING ALL OLD *")
        self.assertEqual(r["Items"][0]["count"], N(10))
        self.assertEqual(self.run_statement("UPDATE things SET x = 1 WHERE id = 'u'")["Items"], [])

    def test_update_conditions_and_missing_item(self):
        self.ddb.put_item(TableName="things", Item={"id": S("c"), "v": N(5)})
        self.run_statement("UPDATE things SET v = 6 WHERE id = 'c' AND v = 5")
        self.assertEqual(self.error("UPDATE things SET v = 7 WHERE id = 'c' AND v = 5"),
                         ("ConditionalCheckFailedException", "The conditional request failed"))
        self.assertEqual(self.get("things", {"id": S("c")})["v"], N(6))
        with self.assertRaises(ClientError) as cm:
            self.run_statement("UPDATE things SET v = 7 WHERE id = 'c' AND v = 5",
                               ReturnValuesOnConditionCheckFailure="ALL_OLD")
        self.assertEqual(cm.exception.response["Item"], {"id": S("c"), "v": N(6)})
        self.assertEqual(self.error("UPDATE things SET v = 1 WHERE id = 'never'")[0], "ConditionalCheckFailedException")
        self.assertIsNone(self.get("things", {"id": S("never")}))
        self.assertEqual(self.error("UPDATE things SET v = 1 WHERE v = 6"), (
            "ValidationException", "Where clause does not contain a mandatory equality on all key attributes"))
        self.assertEqual(self.error("UPDATE things SET id = 'z' WHERE id = 'c'"), (
            "ValidationException",
            "One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key"))
        self.assertEqual(self.error("UPDATE things SET v = v + 'x' WHERE id = 'c'"),
                         ("ValidationException", "An operand in the update expression has an incorrect data type"))

    # ---- DELETE
    def test_delete(self):
        self.ddb.put_item(TableName="things", Item={"id": S("d"), "v": N(1)})
        self.assertEqual(self.error("DELETE FROM things WHERE id = 'd' AND v = 2")[0], "ConditionalCheckFailedException")
        r = self.run_statement("DELETE FROM things WHERE id = 'd' AND v = 1 RETURNING ALL OLD *")
        self.assertEqual(r["Items"], [{"id": S("d"), "v": N(1)}])
        self.assertIsNone(self.get("things", {"id": S("d")}))
        self.assertEqual(self.run_statement("DELETE FROM things WHERE id = 'd'")["Items"], [])
        self.assertEqual(self.error("DELETE FROM things WHERE id = 'd' AND v = 1")[0], "ConditionalCheckFailedException")
        self.run_statement("INSERT INTO things VALUE {'id': 'd'}")  # an INSERT after a DELETE succeeds

    def test_writes_maintain_indexes(self):
        self.run_statement("INSERT INTO music VALUE {'artist': 'z', 'n': 1, 'genre': 'rare'}")
        self.assertEqual(len(self.run_statement('SELECT * FROM "music"."byGenre" WHERE genre = \'rare\'')["Items"]), 1)
        self.run_statement("UPDATE music SET genre = 'rarer' WHERE artist = 'z' AND n = 1")
        self.assertEqual(self.run_statement('SELECT * FROM "music"."byGenre" WHERE genre = \'rare\'')["Items"], [])
        self.run_statement("DELETE FROM music WHERE artist = 'z' AND n = 1")
        self.assertEqual(self.run_statement('SELECT * FROM "music"."byGenre" WHERE genre = \'rarer\'')["Items"], [])

    # ---- errors
    def test_errors(self):
        cases = [
            ("SELECTT * FROMM \"music\"", "ValidationException",
             "Statement wasn't well formed, can't be processed: Expected data manipulation"),
            ("SELECT * FROM music WHERE artist = 'a' foo", "ValidationException",
             "Statement wasn't well formed, can't be processed: Unexpected token after expression"),
            ("SELECT * FROM music m WHERE artist = 'a'", "ValidationException", "Aliasing is not supported"),
            ("SELECT * FROM music WHERE artist = 'a' # x", "ValidationException",
             "Statement wasn't well formed, can't be processed: "),
            ("SELECT * FROM nope", "ResourceNotFoundException", "Cannot do operations on a non-existent table"),
            ("SELECT * FROM music WHERE n + 1 = 2", "ValidationException",
             "Unsupported operator in Condition Expression. Operator: +"),
            ("SELECT * FROM music ORDER BY n", "ValidationException",
             "Must have WHERE clause in the statement when using ORDER BY clause."),
            ("SELECT * FROM music LIMIT 1", "ValidationException", "Unsupported clause: LIMIT at 1:21:5"),
            ("EXISTS(SELECT * FROM things WHERE id = 'a' AND x = 1)", "ValidationException",
             "EXISTS can only be used in ExecuteTransaction write requests."),
        ]
        for statement, code, message in cases:
            self.assertEqual(self.error(statement), (code, message), statement)
        with self.assertRaises(ClientError) as cm:
            self.ddb.execute_statement(Statement="x" * 8193)
        self.assertIn("Member must have length less than or equal to 8192", cm.exception.response["Error"]["Message"])

    # ---- BatchExecuteStatement
    def test_batch_reads(self):
        r = self.ddb.batch_execute_statement(Statements=[
            {"Statement": "SELECT artist, plays FROM music WHERE artist = 'a1' AND n = 2"},
            {"Statement": "SELECT * FROM music WHERE artist = ? AND n = ?", "Parameters": [S("a9"), N(0)]},
            {"Statement": "SELECT * FROM music WHERE artist = 'a1'"},
            {"Statement": "SELECT * FROM nope WHERE id = 'a'"},
            {"Statement": "SELEC x"},
        ], ReturnConsumedCapacity="TOTAL")["Responses"]
        self.assertEqual(r[0], {"TableName": "music", "Item": {"artist": S("a1"), "plays": N(12)}})
        self.assertEqual(r[1], {"TableName": "music"})
        self.assertEqual(r[2]["Error"], {"Code": "ValidationError", "Message": "Select statements within "
                                         "BatchExecuteStatement must specify the primary key in the where clause."})
        self.assertEqual(r[3]["Error"]["Code"], "ResourceNotFound")
        self.assertEqual(r[4]["Error"], {"Code": "ValidationError", "Message": "Statement wasn't well formed, "
                                         "can't be processed: Expected data manipulation"})

    def test_batch_writes_fail_one_by_one(self):
        self.ddb.put_item(TableName="things", Item={"id": S("b1"), "v": N(1)})
        self.ddb.put_item(TableName="things", Item={"id": S("b0")})
        r = self.ddb.batch_execute_statement(Statements=[
            {"Statement": "INSERT INTO things VALUE {'id': 'b0'}"},
            {"Statement": "INSERT INTO things VALUE {'id': 'b2'}"},
            {"Statement": "UPDATE things SET v = 2 WHERE id = 'b1' AND v = 9",
             "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
            {"Statement": "UPDATE things SET v = 1 WHERE id = 'b-missing'"},
            {"Statement": "DELETE FROM things WHERE id = 'b3'"},
        ])["Responses"]
        self.assertEqual(r[0], {"TableName": "things", "Error": {"Code": "DuplicateItem",
                                                                 "Message": "Duplicate primary key exists in table"}})
        self.assertEqual(r[1], {"TableName": "things"})
        self.assertEqual(r[2]["Error"], {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
                                         "Item": {"id": S("b1"), "v": N(1)}})
        self.assertEqual(r[3]["Error"]["Code"], "ConditionalCheckFailed")
        self.assertEqual(r[4], {"TableName": "things"})
        self.assertIsNotNone(self.get("things", {"id": S("b2")}))

    def test_batch_request_errors(self):
        with self.assertRaises(ClientError) as cm:
            self.ddb.batch_execute_statement(Statements=[
                {"Statement": "SELECT * FROM things WHERE id = 'a'"},
                {"Statement": "DELETE FROM things WHERE id = 'a'"}])
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "Read and write requests together in the same batch is not supported.")
        with self.assertRaises(ClientError) as cm:
            self.ddb.batch_execute_statement(Statements=[
                {"Statement": "DELETE FROM things WHERE id = 'a'"},
                {"Statement": "UPDATE things SET x = 1 WHERE id = 'a'"}])
        self.assertEqual(cm.exception.response["Error"]["Message"], "Provided list of item keys contains duplicates")
        with self.assertRaises(ClientError) as cm:
            self.ddb.batch_execute_statement(Statements=[{"Statement": "SELECT * FROM things WHERE id = 'a'"}] * 26)
        self.assertIn("Member must have length less than or equal to 25", cm.exception.response["Error"]["Message"])

    # ---- ExecuteTransaction
    def transact(self, statements, **kw):
        return self.ddb.execute_transaction(TransactStatements=statements, **kw)

    def cancellation(self, statements, **kw):
        with self.assertRaises(ClientError) as cm:
            self.transact(statements, **kw)
        r = cm.exception.response
        self.assertEqual(r["Error"]["Code"], "TransactionCanceledException")
        return r["CancellationReasons"]

    def test_transaction_of_writes_commits_together(self):
        self.ddb.put_item(TableName="things", Item={"id": S("t-upd"), "v": N(1)})
        self.ddb.put_item(TableName="things", Item={"id": S("t-del")})
        r = self.transact([
            {"Statement": "INSERT INTO things VALUE {'id': ?, 'v': ?}", "Parameters": [S("t-new"), N(5)]},
            {"Statement": "UPDATE things SET v = v + 1 WHERE id = 't-upd' AND v = 1"},
            {"Statement": "DELETE FROM things WHERE id = 't-del'"},
            {"Statement": "EXISTS(SELECT * FROM music WHERE artist = 'a0' AND n = 0 AND plays = 0)"},
        ], ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["Responses"], [])
        self.assertEqual({c["TableName"] for c in r["ConsumedCapacity"]}, {"things", "music"})
        self.assertEqual(self.get("things", {"id": S("t-new")})["v"], N(5))
        self.assertEqual(self.get("things", {"id": S("t-upd")})["v"], N(2))
        self.assertIsNone(self.get("things", {"id": S("t-del")}))

    def test_transaction_cancels_as_a_whole(self):
        self.ddb.put_item(TableName="things", Item={"id": S("t-dup"), "v": N(1)})
        self.ddb.put_item(TableName="things", Item={"id": S("t-check"), "v": N(1)})
        reasons = self.cancellation([
            {"Statement": "INSERT INTO things VALUE {'id': 't-fresh'}"},
            {"Statement": "INSERT INTO things VALUE {'id': 't-dup'}"},
            {"Statement": "UPDATE things SET v = 2 WHERE id = 't-missing'"},
            {"Statement": "EXISTS(SELECT * FROM things WHERE id = 't-check' AND v = 9)",
             "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
        ])
        self.assertEqual(reasons, [
            {"Code": "None"},
            {"Code": "ValidationError", "Message": "Duplicate primary key exists in table"},
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
             "Item": {"id": S("t-check"), "v": N(1)}},
        ])
        self.assertIsNone(self.get("things", {"id": S("t-fresh")}))

    def test_transaction_of_reads(self):
        r = self.transact([
            {"Statement": "SELECT artist, plays FROM music WHERE artist = 'a2' AND n = 1"},
            {"Statement": "SELECT * FROM things WHERE id = ?", "Parameters": [S("t-nothing")]},
        ])
        self.assertEqual(r["Responses"], [{"Item": {"artist": S("a2"), "plays": N(21)}}, {}])

    def test_transaction_idempotency(self):
        statements = [{"Statement": "UPDATE things SET n = if_not_exists(n, 0) + 1 WHERE id = 't-idem'"}]
        self.ddb.put_item(TableName="things", Item={"id": S("t-idem")})
        self.transact(statements, ClientRequestToken="token-1")
        self.transact(statements, ClientRequestToken="token-1")  # replayed, not applied again
        self.assertEqual(self.get("things", {"id": S("t-idem")})["n"], N(1))
        with self.assertRaises(ClientError) as cm:
            self.transact([{"Statement": "UPDATE things SET n = 5 WHERE id = 't-idem'"}], ClientRequestToken="token-1")
        self.assertEqual(cm.exception.response["Error"]["Code"], "IdempotentParameterMismatchException")

    def test_transaction_request_errors(self):
        def error(statements):
            with self.assertRaises(ClientError) as cm:
                self.transact(statements)
            return cm.exception.response["Error"]["Code"], cm.exception.response["Error"]["Message"]
        self.assertEqual(error([{"Statement": "SELECT * FROM things WHERE id = 'a'"},
                                {"Statement": "DELETE FROM things WHERE id = 'b'"}]),
                         ("ValidationException", "ExecuteTransaction API does not support both read and write "
                                                 "operations in the same request."))
        self.assertEqual(error([{"Statement": "DELETE FROM things WHERE id = 'a'"},
                                {"Statement": "UPDATE things SET x = 1 WHERE id = 'a'"}]),
                         ("ValidationException", "Transaction request cannot include multiple operations on one item"))
        self.assertEqual(error([{"Statement": "DELETE FROM things WHERE id = 'a'"},
                                {"Statement": "EXISTS(SELECT * FROM things WHERE id = 'b')"}]),
                         ("ValidationException", "Validation failed in TransactStatements[1]: EXISTS() must contain "
                                                 "a single item read with additional condition"))
        self.assertEqual(error([{"Statement": "SELECT * FROM things WHERE id = 'a' AND attribute_exists(x)"}]),
                         ("ValidationException", "Validation failed in TransactStatements[0]: Select statements "
                                                 "within ExecuteTransaction must specify the primary key in the "
                                                 "where clause."))
        self.assertEqual(error([{"Statement": "UPDATE things SET x = 1 WHERE id = 'a' RETURNING ALL NEW *"}]),
                         ("ValidationException", "Validation failed in TransactStatements[0]: RETURNING clause is "
                                                 "not supported in ExecuteTransaction."))
        self.assertEqual(error([{"Statement": "DELETE FROM nope WHERE id = 'a'"}]),
                         ("ResourceNotFoundException", "Requested resource not found"))
        with self.assertRaises(ClientError) as cm:
            self.transact([{"Statement": "DELETE FROM things WHERE id = 'x%d'" % i} for i in range(101)])
        self.assertIn("Member must have length less than or equal to 100", cm.exception.response["Error"]["Message"])


class PartiqlJsTest(unittest.TestCase):
    def test_js_sdk_and_document_client(self):
        js_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")
        self.assertTrue(os.path.isdir(os.path.join(js_dir, "node_modules")),
                        "tests/e2e/js/node_modules missing: scripts/install-deps.sh installs it")
        with Cloudlet(in_memory=True) as c:
            r = subprocess.run(["node", "--test", "--test-reporter=spec", "dynamodb-partiql.test.mjs"], cwd=js_dir,
                               env=dict(os.environ, CLOUDLET_ENDPOINT=c.endpoint), capture_output=True, text=True,
                               timeout=300)
            print(r.stdout[-4000:], r.stderr[-2000:])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()
