"""Function URLs end to end: boto3 configures a URL, then plain HTTP with a
`Host: <id>.lambda-url.us-east-1.localhost` header (*.localhost does not
resolve everywhere) reaches the function through cloudlet's one port."""
import http.client
import json
import unittest

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from harness import Cloudlet
from test_lambda_invoke import ROLE, make_zip

SHAPED = """
import json
def handler(event, context):
    return {"statusCode": 201, "headers": {"x-a": "b"}, "cookies": ["c=1"], "body": "hi"}
"""

SHAPED_WITH_CORS = """
def handler(event, context):
    return {"statusCode": 201, "headers": {"x-a": "b", "Access-Control-Allow-Origin": "*",
                                           "Access-Control-Max-Age": "5"}, "body": "hi"}
"""

ECHO = """
def handler(event, context):
    return event
"""


class LambdaUrlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.lam = cls.c.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def create(self, name, code, auth="NONE"):
        self.lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                 Code={"ZipFile": make_zip({"app.py": code})})
        self.lam.get_waiter("function_active_v2").wait(FunctionName=name)
        url = self.lam.create_function_url_config(FunctionName=name, AuthType=auth)["FunctionUrl"]
        self.assertRegex(url, r"^http://[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+/$")
        return url[len("http://"):].split(".")[0]

    def request(self, url_id, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.c.host, self.c.port, timeout=30)
        h = {"Host": f"{url_id}.lambda-url.us-east-1.localhost:{self.c.port}"}
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r, data

    def test_config_operations(self):
        url_id = self.create("cfg", ECHO)
        got = self.lam.get_function_url_config(FunctionName="cfg")
        self.assertEqual(got["AuthType"], "NONE")
        self.assertIn(url_id, got["FunctionUrl"])
        with self.assertRaises(self.lam.exceptions.ResourceConflictException):
            self.lam.create_function_url_config(FunctionName="cfg", AuthType="NONE")
        up = self.lam.update_function_url_config(FunctionName="cfg", Cors={"AllowOrigins": ["*"]})
        self.assertEqual(up["Cors"], {"AllowOrigins": ["*"]})
        listed = self.lam.list_function_url_configs(FunctionName="cfg")["FunctionUrlConfigs"]
        self.assertEqual([c["FunctionUrl"] for c in listed], [got["FunctionUrl"]])
        self.lam.delete_function_url_config(FunctionName="cfg")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException) as e:
            self.lam.get_function_url_config(FunctionName="cfg")
        self.assertEqual(e.exception.response["Error"]["Message"], "The resource you requested does not exist.")
        r, data = self.request(url_id, "GET", "/")
        self.assertEqual(r.status, 403)
        self.assertEqual(json.loads(data), {"Message": "Forbidden"})

    def test_status_code_response(self):
        url_id = self.create("shaped", SHAPED)
        r, data = self.request(url_id, "GET", "/")
        self.assertEqual(r.status, 201, data)
        self.assertEqual(r.getheader("x-a"), "b")
        self.assertEqual(r.getheader("Set-Cookie"), "c=1")
        self.assertEqual(data, b"hi")

    def test_event_seen_by_the_function(self):
        url_id = self.create("echo", ECHO)
        r, data = self.request(url_id, "POST", "/p/q?a=1&a=2&b=x", body=b'{"k":"v"}',
                               headers={"Content-Type": "application/json", "Cookie": "s=1; t=2",
                                        "User-Agent": "e2e"})
        self.assertEqual(r.status, 200, data)
        self.assertEqual(r.getheader("Content-Type"), "application/json")
        event = json.loads(data)
        self.assertEqual(event["version"], "2.0")
        self.assertEqual(event["rawPath"], "/p/q")
        self.assertEqual(event["rawQueryString"], "a=1&a=2&b=x")
        self.assertEqual(event["queryStringParameters"], {"a": "1,2", "b": "x"})
        self.assertEqual(event["cookies"], ["s=1", "t=2"])
        self.assertEqual(event["headers"]["user-agent"], "e2e")
        self.assertEqual(event["body"], '{"k":"v"}')
        self.assertFalse(event["isBase64Encoded"])
        ctx = event["requestContext"]
        self.assertEqual(ctx["apiId"], url_id)
        self.assertEqual(ctx["domainPrefix"], url_id)
        self.assertEqual(ctx["http"]["method"], "POST")
        self.assertEqual(ctx["http"]["sourceIp"], "127.0.0.1")
        self.assertEqual(ctx["stage"], "$default")

        r, data = self.request(url_id, "PUT", "/bin", body=b"\x00\x01\xff",
                               headers={"Content-Type": "application/octet-stream"})
        event = json.loads(data)
        self.assertTrue(event["isBase64Encoded"])
        self.assertEqual(event["body"], "AAH/")

    def test_cors_preflight_and_actual_responses(self):
        url_id = self.create("cors", SHAPED_WITH_CORS)
        self.lam.update_function_url_config(
            FunctionName="cors", Cors={"AllowOrigins": ["https://app.example.com"], "AllowMethods": ["GET", "POST"],
                                       "AllowHeaders": ["x-custom"], "ExposeHeaders": ["x-a"], "MaxAge": 60,
                                       "AllowCredentials": True})
        # Preflight: answered by the URL front, the function never runs.
        r, data = self.request(url_id, "OPTIONS", "/", headers={
            "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-custom"})
        self.assertEqual(r.status, 200, data)
        self.assertEqual(data, b"")
        self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "https://app.example.com")
        self.assertEqual(r.getheader("Access-Control-Allow-Methods"), "GET,POST")
        self.assertEqual(r.getheader("Access-Control-Allow-Headers"), "x-custom")
        self.assertEqual(r.getheader("Access-Control-Max-Age"), "60")
        self.assertEqual(r.getheader("Access-Control-Allow-Credentials"), "true")
        self.assertIsNone(r.getheader("x-a"), "the function must not run")
        r, data = self.request(url_id, "OPTIONS", "/", headers={
            "Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"})
        self.assertEqual(r.status, 200)
        self.assertIsNone(r.getheader("Access-Control-Allow-Origin"))
        # Actual requests: the config's headers replace the function's own.
        r, data = self.request(url_id, "GET", "/", headers={"Origin": "https://app.example.com"})
        self.assertEqual(r.status, 201, data)
        self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "https://app.example.com")
        self.assertEqual(r.getheader("Access-Control-Allow-Credentials"), "true")
        self.assertEqual(r.getheader("Access-Control-Expose-Headers"), "x-a")
        self.assertIsNone(r.getheader("Access-Control-Max-Age"))
        r, data = self.request(url_id, "GET", "/", headers={"Origin": "https://evil.example.com"})
        self.assertEqual(r.status, 201)
        self.assertIsNone(r.getheader("Access-Control-Allow-Origin"))
        # Without a Cors config OPTIONS is an ordinary request to the function.
        plain_id = self.create("no-cors", SHAPED_WITH_CORS)
        r, data = self.request(plain_id, "OPTIONS", "/", headers={
            "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"})
        self.assertEqual(r.status, 201)
        self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "*")


class LambdaUrlSigV4Test(LambdaUrlTest):
    """--auth sigv4: AWS_IAM URLs need a signature (service "lambda"); NONE URLs do not."""

    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet("--auth", "sigv4", in_memory=True).start()
        cls.lam = cls.c.client("lambda")

    def signed(self, url_id, method, path, body=b"", secret="test"):
        host = f"{url_id}.lambda-url.us-east-1.localhost:{self.c.port}"
        req = AWSRequest(method=method, url=f"http://{host}{path}", data=body, headers={"Host": host})
        SigV4Auth(Credentials("test", secret), "lambda", "us-east-1").add_auth(req)
        return self.request(url_id, method, path, body=body, headers=dict(req.headers.items()))

    def test_aws_iam_needs_a_signature(self):
        url_id = self.create("iam", ECHO, auth="AWS_IAM")
        r, data = self.request(url_id, "GET", "/x")
        self.assertEqual(r.status, 403, data)
        self.assertEqual(json.loads(data), {"Message": "Forbidden"})
        r, data = self.signed(url_id, "POST", "/x?a=1", body=b'{"k":1}', secret="wrong")
        self.assertEqual(r.status, 403, data)
        self.assertTrue(json.loads(data)["message"].startswith("The request signature we calculated does not match"),
                        data)
        r, data = self.signed(url_id, "POST", "/x?a=1", body=b'{"k":1}')
        self.assertEqual(r.status, 200, data)
        event = json.loads(data)
        self.assertEqual((event["rawPath"], event["body"]), ("/x", '{"k":1}'))
        self.assertIn("authorization", event["headers"])

    def test_none_needs_no_signature(self):
        url_id = self.create("open", ECHO)
        r, data = self.request(url_id, "GET", "/y")
        self.assertEqual(r.status, 200, data)
        self.assertEqual(json.loads(data)["rawPath"], "/y")
        # The control plane is signed as ever: an unsigned call is refused.
        conn = http.client.HTTPConnection(self.c.host, self.c.port, timeout=10)
        conn.request("GET", "/2015-03-31/functions/")
        r = conn.getresponse()
        r.read()
        conn.close()
        self.assertEqual(r.status, 403)


if __name__ == "__main__":
    unittest.main()
