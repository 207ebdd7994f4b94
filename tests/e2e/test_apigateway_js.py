"""API Gateway HTTP and REST APIs through the AWS SDK for JavaScript v3 (tests/e2e/js/apigateway.test.mjs)."""
import os
import subprocess
import unittest

from harness import Cloudlet
from test_apigateway_rest import PY_ECHO
from test_lambda_invoke import ROLE, make_zip

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


class ApiGatewayJsTest(unittest.TestCase):
    def test_js_sdk_http_and_rest_apis(self):
        self.assertTrue(os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk", "client-api-gateway")),
                        "tests/e2e/js/node_modules is missing the API Gateway clients: scripts/install-deps.sh runs npm ci")
        with Cloudlet(in_memory=True) as c:
            lam = c.client("lambda")
            arn = lam.create_function(FunctionName="echo", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                      Code={"ZipFile": make_zip({"app.py": PY_ECHO})})["FunctionArn"]
            lam.get_waiter("function_active_v2").wait(FunctionName="echo")
            r = subprocess.run(["node", "--test", "--test-reporter=spec", "apigateway.test.mjs"], cwd=JS_DIR,
                               env=dict(os.environ, CLOUDLET_ENDPOINT=c.endpoint, FUNCTION_ARN=arn),
                               capture_output=True, text=True, timeout=300)
            print(r.stdout[-4000:], r.stderr[-2000:])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()
