"""DynamoDB through the aws CLI."""
import json
import unittest

from harness import Cloudlet


class DynamoDbCliTest(unittest.TestCase):
    def test_cli_round_trip(self):
        with Cloudlet(in_memory=True) as c:
            out = json.loads(c.aws_cli("dynamodb", "list-tables").stdout)
            self.assertEqual(out["TableNames"], [])
            c.aws_cli("dynamodb", "create-table", "--table-name", "music",
                      "--attribute-definitions", "AttributeName=Artist,AttributeType=S",
                      "AttributeName=Song,AttributeType=S",
                      "--key-schema", "AttributeName=Artist,KeyType=HASH", "AttributeName=Song,KeyType=RANGE",
                      "--billing-mode", "PAY_PER_REQUEST")
            c.aws_cli("dynamodb", "wait", "table-exists", "--table-name", "music")
            c.aws_cli("dynamodb", "put-item", "--table-name", "music", "--item",
                      '{"Artist":{"S":"Acme"},"Song":{"S":"Hello"},"Year":{"N":"2020"}}')
            got = json.loads(c.aws_cli("dynamodb", "get-item", "--table-name", "music", "--key",
                                       '{"Artist":{"S":"Acme"},"Song":{"S":"Hello"}}').stdout)
            self.assertEqual(got["Item"]["Year"], {"N": "2020"})
            q = json.loads(c.aws_cli("dynamodb", "query", "--table-name", "music",
                                     "--key-condition-expression", "Artist = :a",
                                     "--expression-attribute-values", '{":a":{"S":"Acme"}}').stdout)
            self.assertEqual(q["Count"], 1)
            self.assertEqual(json.loads(c.aws_cli("dynamodb", "list-tables").stdout)["TableNames"], ["music"])
            bad = c.aws_cli("dynamodb", "describe-table", "--table-name", "nope", check=False)
            self.assertNotEqual(bad.returncode, 0)
            self.assertIn("ResourceNotFoundException", bad.stderr)


if __name__ == "__main__":
    unittest.main()
