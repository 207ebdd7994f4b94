"""DynamoDB on-demand backups through boto3.

CreateBackup captures the table's items at one moment; the backup lists,
describes and deletes; RestoreTableFromBackup builds a new table (CREATING,
then ACTIVE) with the backup's items, key schema and indexes, with the
overrides the API allows; backups survive a restart; continuous backups
(point-in-time recovery status) describe and update.
"""
import time
import unittest

import boto3

from botocore.config import Config
from botocore.exceptions import ClientError

from harness import Cloudlet


def wait_active(ddb, name, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE":
            return True
        time.sleep(0.05)
    return False


class DynamoDbBackupsTest(unittest.TestCase):
    def setUp(self):
        self.c = Cloudlet().start()
        self.ddb = self.c.client("dynamodb")
        self.ddb.create_table(
            TableName="music",
            KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "artist", "AttributeType": "S"},
                                  {"AttributeName": "song", "AttributeType": "S"},
                                  {"AttributeName": "genre", "AttributeType": "S"},
                                  {"AttributeName": "year", "AttributeType": "N"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_genre", "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"},
                                     "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}],
            LocalSecondaryIndexes=[{"IndexName": "by_year",
                                    "KeySchema": [{"AttributeName": "artist", "KeyType": "HASH"},
                                                  {"AttributeName": "year", "KeyType": "RANGE"}],
                                    "Projection": {"ProjectionType": "ALL"}}],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
            Tags=[{"Key": "team", "Value": "a"}])
        for i in range(30):
            self.ddb.put_item(TableName="music", Item={"artist": {"S": f"a{i % 3}"}, "song": {"S": f"s{i}"},
                                                       "genre": {"S": "rock" if i % 2 else "jazz"},
                                                       "year": {"N": str(1990 + i)}})

    def tearDown(self):
        self.c.cleanup()

    def error_of(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response["Error"]

    def count(self, table, **kwargs):
        return self.ddb.scan(TableName=table, Select="COUNT", **kwargs)["Count"]


    def test_restored_table_does_not_write_into_the_source_tables_stream(self):
        self.ddb.update_table(TableName="music",
                              StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        source_stream = self.ddb.describe_table(TableName="music")["Table"]["LatestStreamArn"]
        arn = self.ddb.create_backup(TableName="music", BackupName="before-copy")["BackupDetails"]["BackupArn"]
        self.ddb.restore_table_from_backup(TargetTableName="copy", BackupArn=arn)
        self.assertTrue(wait_active(self.ddb, "copy"))
        copy = self.ddb.describe_table(TableName="copy")["Table"]
        self.assertNotIn("LatestStreamArn", copy)
        self.assertNotIn("StreamSpecification", copy)
        self.ddb.put_item(TableName="copy", Item={"artist": {"S": "new"}, "song": {"S": "only-in-copy"}})
        streams = self.c.client("dynamodbstreams")
        shard = streams.describe_stream(StreamArn=source_stream)["StreamDescription"]["Shards"][0]["ShardId"]
        it = streams.get_shard_iterator(StreamArn=source_stream, ShardId=shard,
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=it)["Records"]
        self.assertEqual([], [r for r in records if r["dynamodb"]["Keys"]["artist"]["S"] == "new"])

    def test_backup_and_restore(self):
        before = time.time()
        details = self.ddb.create_backup(TableName="music", BackupName="nightly")["BackupDetails"]
        self.assertEqual(details["BackupStatus"], "AVAILABLE")
        self.assertEqual(details["BackupType"], "USER")
        arn = details["BackupArn"]
        self.assertRegex(arn, r"^arn:aws:dynamodb:us-east-1:\d{12}:table/music/backup/\d{14}-[0-9a-f]{8}$")
        # Later changes are not in the backup.
        self.ddb.delete_item(TableName="music", Key={"artist": {"S": "a0"}, "song": {"S": "s0"}})
        self.ddb.put_item(TableName="music", Item={"artist": {"S": "late"}, "song": {"S": "x"}})

        desc = self.ddb.describe_backup(BackupArn=arn)["BackupDescription"]
        self.assertEqual(desc["BackupDetails"]["BackupName"], "nightly")
        source = desc["SourceTableDetails"]
        self.assertEqual((source["TableName"], source["ItemCount"], source["BillingMode"]), ("music", 30, "PROVISIONED"))
        self.assertEqual(source["KeySchema"][0], {"AttributeName": "artist", "KeyType": "HASH"})
        features = desc["SourceTableFeatureDetails"]
        self.assertEqual([i["IndexName"] for i in features["GlobalSecondaryIndexes"]], ["by_genre"])
        self.assertEqual([i["IndexName"] for i in features["LocalSecondaryIndexes"]], ["by_year"])

        restored = self.ddb.restore_table_from_backup(TargetTableName="music2", BackupArn=arn)["TableDescription"]
        self.assertEqual(restored["TableStatus"], "CREATING")
        self.assertEqual(restored["RestoreSummary"]["SourceBackupArn"], arn)
        self.assertTrue(wait_active(self.ddb, "music2"))
        table = self.ddb.describe_table(TableName="music2")["Table"]
        self.assertFalse(table["RestoreSummary"]["RestoreInProgress"])
        self.assertEqual(table["ItemCount"], 30)
        self.assertEqual(self.count("music2"), 30)
        self.assertIn("Item", self.ddb.get_item(TableName="music2", Key={"artist": {"S": "a0"}, "song": {"S": "s0"}}))
        jazz = self.ddb.query(TableName="music2", IndexName="by_genre", KeyConditionExpression="genre = :g",
                              ExpressionAttributeValues={":g": {"S": "jazz"}})["Items"]
        self.assertEqual(len(jazz), 15)
        years = self.ddb.query(TableName="music2", IndexName="by_year", KeyConditionExpression="artist = :a AND #y > :y",
                               ExpressionAttributeNames={"#y": "year"},
                               ExpressionAttributeValues={":a": {"S": "a1"}, ":y": {"N": "2000"}})["Items"]
        self.assertEqual(len(years), 6)
        # Tags are not restored.
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"], [])
        # Writes to the restored table maintain its indexes.
        self.ddb.put_item(TableName="music2", Item={"artist": {"S": "n"}, "song": {"S": "n"}, "genre": {"S": "jazz"}})
        self.assertEqual(self.ddb.query(TableName="music2", IndexName="by_genre", KeyConditionExpression="genre = :g",
                                        ExpressionAttributeValues={":g": {"S": "jazz"}}, Select="COUNT")["Count"], 16)

        err = self.error_of(self.ddb.restore_table_from_backup, TargetTableName="music2", BackupArn=arn)
        self.assertEqual((err["Code"], err["Message"]), ("TableAlreadyExistsException", "Table already exists: music2"))

        # Overrides: on-demand billing, without the GSI.
        self.ddb.restore_table_from_backup(TargetTableName="music3", BackupArn=arn, BillingModeOverride="PAY_PER_REQUEST",
                                           GlobalSecondaryIndexOverride=[])
        self.assertTrue(wait_active(self.ddb, "music3"))
        table = self.ddb.describe_table(TableName="music3")["Table"]
        self.assertEqual(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertNotIn("GlobalSecondaryIndexes", table)
        self.assertEqual([i["IndexName"] for i in table["LocalSecondaryIndexes"]], ["by_year"])
        self.assertNotIn("genre", [d["AttributeName"] for d in table["AttributeDefinitions"]])
        self.assertEqual(self.count("music3"), 30)

        listed = self.ddb.list_backups(TableName="music")["BackupSummaries"]
        self.assertEqual([b["BackupArn"] for b in listed], [arn])
        self.assertGreaterEqual(listed[0]["BackupCreationDateTime"].timestamp(), before - 1)
        deleted = self.ddb.delete_backup(BackupArn=arn)["BackupDescription"]
        self.assertEqual(deleted["BackupDetails"]["BackupStatus"], "DELETED")
        err = self.error_of(self.ddb.describe_backup, BackupArn=arn)
        self.assertEqual((err["Code"], err["Message"]), ("BackupNotFoundException", f"Backup not found: {arn}"))
        self.assertEqual(self.count("music2"), 31)  # a restored table does not depend on its backup

    def test_list_filters_and_paging(self):
        self.ddb.create_table(TableName="other", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        arns = [self.ddb.create_backup(TableName="music", BackupName=f"bk{i}")["BackupDetails"]["BackupArn"]
                for i in range(3)]
        # boto3 sends whole seconds for the time bounds.
        time.sleep(1.2)
        middle = time.time()
        time.sleep(1.1)
        other = self.ddb.create_backup(TableName="other", BackupName="ooo")["BackupDetails"]["BackupArn"]
        self.assertEqual(len(self.ddb.list_backups()["BackupSummaries"]), 4)
        self.assertEqual(sorted(b["BackupArn"] for b in self.ddb.list_backups(TableName="music")["BackupSummaries"]),
                         sorted(arns))
        table_arn = self.ddb.describe_table(TableName="other")["Table"]["TableArn"]
        self.assertEqual([b["BackupArn"] for b in self.ddb.list_backups(TableName=table_arn)["BackupSummaries"]], [other])
        self.assertEqual([b["BackupArn"] for b in self.ddb.list_backups(TimeRangeLowerBound=middle)["BackupSummaries"]],
                         [other])
        self.assertEqual(len(self.ddb.list_backups(TimeRangeUpperBound=middle)["BackupSummaries"]), 3)
        self.assertEqual(self.ddb.list_backups(BackupType="SYSTEM")["BackupSummaries"], [])
        self.assertEqual(len(self.ddb.list_backups(BackupType="ALL")["BackupSummaries"]), 4)
        seen, start = [], {}
        while True:
            page = self.ddb.list_backups(Limit=3, **start)
            seen += [b["BackupArn"] for b in page["BackupSummaries"]]
            if "LastEvaluatedBackupArn" not in page:
                break
            start = {"ExclusiveStartBackupArn": page["LastEvaluatedBackupArn"]}
        self.assertEqual(sorted(seen), sorted(arns + [other]))

    def test_errors(self):
        raw = boto3.client("dynamodb", endpoint_url=self.c.endpoint, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test",
                           config=Config(parameter_validation=False, retries={"max_attempts": 1}))
        err = self.error_of(raw.create_backup, TableName="nope", BackupName="b")
        self.assertEqual((err["Code"], err["Message"]),
                         ("ValidationException", "1 validation error detected: Value 'b' at 'backupName' failed to "
                                                 "satisfy constraint: Member must have length greater than or equal to 3"))
        err = self.error_of(self.ddb.create_backup, TableName="nope", BackupName="bbb")
        self.assertEqual((err["Code"], err["Message"]), ("TableNotFoundException", "Table not found: nope"))
        missing = "arn:aws:dynamodb:us-east-1:000000000000:table/music/backup/01700000000000-00000000"
        for call in (self.ddb.describe_backup, self.ddb.delete_backup):
            self.assertEqual(self.error_of(call, BackupArn=missing)["Code"], "BackupNotFoundException")
        err = self.error_of(self.ddb.restore_table_from_backup, TargetTableName="x1x", BackupArn=missing)
        self.assertEqual(err["Code"], "BackupNotFoundException")
        err = self.error_of(self.ddb.describe_continuous_backups, TableName="nope")
        self.assertEqual((err["Code"], err["Message"]), ("TableNotFoundException", "Table not found: nope"))

    def test_continuous_backups(self):
        desc = self.ddb.describe_continuous_backups(TableName="music")["ContinuousBackupsDescription"]
        self.assertEqual(desc["ContinuousBackupsStatus"], "ENABLED")
        self.assertEqual(desc["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"], "DISABLED")
        desc = self.ddb.update_continuous_backups(
            TableName="music", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )["ContinuousBackupsDescription"]
        pitr = desc["PointInTimeRecoveryDescription"]
        self.assertEqual(pitr["PointInTimeRecoveryStatus"], "ENABLED")
        self.assertEqual(pitr["RecoveryPeriodInDays"], 35)
        self.assertIn("EarliestRestorableDateTime", pitr)
        self.ddb.update_continuous_backups(TableName="music",
                                           PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
        desc = self.ddb.describe_continuous_backups(TableName="music")["ContinuousBackupsDescription"]
        self.assertEqual(desc["PointInTimeRecoveryDescription"], {"PointInTimeRecoveryStatus": "DISABLED"})

    def test_backups_survive_a_restart(self):
        arn = self.ddb.create_backup(TableName="music", BackupName="kept")["BackupDetails"]["BackupArn"]
        self.c.stop()
        self.c.start()
        self.ddb = self.c.client("dynamodb")
        self.assertEqual(self.ddb.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"],
                         "AVAILABLE")
        self.ddb.restore_table_from_backup(TargetTableName="after_restart", BackupArn=arn)
        self.assertTrue(wait_active(self.ddb, "after_restart"))
        self.assertEqual(self.count("after_restart"), 30)


if __name__ == "__main__":
    unittest.main()
