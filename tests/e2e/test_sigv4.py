"""--auth sigv4: signatures are verified; failures answered as DynamoDB does."""
import os
import tempfile
import unittest
import urllib.request

from botocore.exceptions import ClientError

from harness import Cloudlet


class SigV4Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.creds = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
        cls.creds.write("[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = devsecret\n")
        cls.creds.close()
        cls.c = Cloudlet("--auth", "sigv4", "--credentials", cls.creds.name, in_memory=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()
        os.unlink(cls.creds.name)

    def code_of(self, client):
        with self.assertRaises(ClientError) as cm:
            client.list_tables()
        return cm.exception.response["Error"]["Code"], cm.exception.response["ResponseMetadata"]["HTTPStatusCode"]

    def test_default_and_file_credentials_are_accepted(self):
        self.assertEqual(self.c.client("dynamodb").list_tables()["TableNames"], [])
        self.assertEqual(self.c.client("dynamodb", key="AKIADEV", secret="devsecret").list_tables()["TableNames"], [])

    def test_wrong_secret_is_invalid_signature(self):
        self.assertEqual(self.code_of(self.c.client("dynamodb", secret="wrong")), ("InvalidSignatureException", 400))

    def test_unknown_key_is_unrecognized_client(self):
        self.assertEqual(self.code_of(self.c.client("dynamodb", key="AKIANOBODY")), ("UnrecognizedClientException", 400))

    def test_unsigned_request_is_missing_token(self):
        req = urllib.request.Request(self.c.endpoint + "/", data=b"{}", method="POST",
                                     headers={"X-Amz-Target": "DynamoDB_20120810.ListTables",
                                              "Content-Type": "application/x-amz-json-1.0"})
        try:
            urllib.request.urlopen(req, timeout=5)
            self.fail("unsigned request accepted")
        except urllib.error.HTTPError as e:
            self.assertEqual(e.code, 400)
            self.assertIn(b"MissingAuthenticationTokenException", e.read())

    def test_cli_with_wrong_secret_fails(self):
        r = self.c.aws_cli("dynamodb", "list-tables", secret="nope", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("InvalidSignatureException", r.stderr)

    def test_health_needs_no_signature(self):
        with urllib.request.urlopen(self.c.endpoint + "/_cloudlet/health", timeout=5) as r:
            self.assertEqual(r.status, 200)


class AuthOffTest(unittest.TestCase):
    def test_any_credentials_accepted_and_region_from_scope(self):
        with Cloudlet(in_memory=True) as c:
            eu = c.client("dynamodb", region="eu-west-1", key="whatever", secret="anything")
            eu.create_table(TableName="tab", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST")
            arn = eu.describe_table(TableName="tab")["Table"]["TableArn"]
            self.assertTrue(arn.startswith("arn:aws:dynamodb:eu-west-1:"))
            # Tables belong to their region.
            self.assertEqual(c.client("dynamodb", region="us-east-1").list_tables()["TableNames"], [])


if __name__ == "__main__":
    unittest.main()
