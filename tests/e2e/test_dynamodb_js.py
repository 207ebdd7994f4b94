"""DynamoDB and DynamoDB Streams through the AWS SDK for JavaScript v3 and Dynamoose (tests/e2e/js)."""
import os
import subprocess
import unittest

from harness import Cloudlet

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


class DynamoDbJsTest(unittest.TestCase):
    def test_js_sdk_and_dynamoose(self):
        self.assertTrue(os.path.isdir(os.path.join(JS_DIR, "node_modules")),
                        "tests/e2e/js/node_modules missing: scripts/install-deps.sh installs it")
        with Cloudlet(in_memory=True) as c:
            r = subprocess.run(["node", "--test", "--test-reporter=spec", "dynamodb.test.mjs"], cwd=JS_DIR,
                               env=dict(os.environ, CLOUDLET_ENDPOINT=c.endpoint), capture_output=True, text=True,
                               timeout=300)
            print(r.stdout[-4000:], r.stderr[-2000:])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-2000:])

    def test_js_sdk_dynamodb_streams(self):
        with Cloudlet(in_memory=True) as c:
            r = subprocess.run(["node", "--test", "--test-reporter=spec", "dynamodb-streams.test.mjs"], cwd=JS_DIR,
                               env=dict(os.environ, CLOUDLET_ENDPOINT=c.endpoint), capture_output=True, text=True,
                               timeout=300)
            print(r.stdout[-4000:], r.stderr[-2000:])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()
