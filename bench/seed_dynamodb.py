"""Creates the benchmark tables on a DynamoDB endpoint and seeds them: bench (no indexes) and benchgsi
(two GSIs: byGroup g/n projecting ALL, byTag tag projecting KEYS_ONLY)."""
import sys

import boto3

endpoint = sys.argv[1]
ddb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                   aws_secret_access_key="test")
ddb.create_table(TableName="bench",
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                       {"AttributeName": "sk", "AttributeType": "N"}],
                 BillingMode="PAY_PER_REQUEST")
ddb.get_waiter("table_exists").wait(TableName="bench", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
for i in range(100):
    ddb.put_item(TableName="bench", Item={"pk": {"S": f"item-{i}"}, "sk": {"N": "0"}, "name": {"S": f"name {i}"},
                                          "count": {"N": str(i)}})
# One partition of 100 items of about 100 bytes for Query.
for i in range(100):
    ddb.put_item(TableName="bench", Item={"pk": {"S": "q"}, "sk": {"N": str(i)}, "data": {"S": "d" * 80}})

ddb.create_table(TableName="benchgsi",
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                       {"AttributeName": "sk", "AttributeType": "N"},
                                       {"AttributeName": "g", "AttributeType": "S"},
                                       {"AttributeName": "n", "AttributeType": "N"},
                                       {"AttributeName": "tag", "AttributeType": "S"}],
                 GlobalSecondaryIndexes=[
                     {"IndexName": "byGroup", "Projection": {"ProjectionType": "ALL"},
                      "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                    {"AttributeName": "n", "KeyType": "RANGE"}]},
                     {"IndexName": "byTag", "Projection": {"ProjectionType": "KEYS_ONLY"},
                      "KeySchema": [{"AttributeName": "tag", "KeyType": "HASH"}]}],
                 BillingMode="PAY_PER_REQUEST")
ddb.get_waiter("table_exists").wait(TableName="benchgsi", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
# One index partition (g = q) of 100 items of about 100 bytes for Query on byGroup.
for i in range(100):
    ddb.put_item(TableName="benchgsi", Item={"pk": {"S": f"q{i}"}, "sk": {"N": "0"}, "g": {"S": "q"},
                                             "n": {"N": str(i)}, "data": {"S": "d" * 70}})
