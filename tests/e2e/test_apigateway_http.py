"""API Gateway HTTP APIs (apigatewayv2) end to end: the control plane with
boto3 and the aws CLI, then requests through the one edge port in both URL
forms (Host `<apiId>.execute-api.localhost`, and `/_aws/execute-api/<apiId>/...`)
to Python and Node functions, HTTP backends, authorizers, CORS, throttling
and access logs."""
import base64
import http.client
import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import Cloudlet
from test_lambda_invoke import ROLE, make_zip

PY_ECHO = """
import json
def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
"""

# Answers what the request's x-answer header says, so one function covers every response rule.
PY_SHAPES = """
import json, time, base64
def handler(event, context):
    headers = event.get("headers") or {}
    kind = headers.get("x-answer") or headers.get("X-Answer") or "plain"
    if kind == "plain":
        return {"message": "inferred", "n": 1}
    if kind == "string":
        return "just text"
    if kind == "shaped":
        return {"statusCode": 201, "headers": {"x-a": "b", "content-type": "text/plain"},
                "cookies": ["c1=v1", "c2=v2; Path=/"], "body": "created"}
    if kind == "binary":
        return {"statusCode": 200, "headers": {"content-type": "application/octet-stream"},
                "body": base64.b64encode(bytes([0, 255, 1])).decode(), "isBase64Encoded": True}
    if kind == "multi":
        return {"statusCode": 200, "headers": {"x-one": "single"},
                "multiValueHeaders": {"x-many": ["a", "b"], "Set-Cookie": ["m1=1", "m2=2"]}, "body": "multi"}
    if kind == "cors":
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "https://backend.example",
                                               "Access-Control-Max-Age": "9"}, "body": "cors"}
    if kind == "fail":
        raise RuntimeError("boom")
    if kind == "bad":
        return {"statusCode": "not a number", "body": "x"}
    if kind == "slow":
        time.sleep(3)
        return {"statusCode": 200, "body": "late"}
    return {"statusCode": 400, "body": "unknown " + kind}
"""

NODE_ECHO = """
exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" },
                                       body: JSON.stringify(event) });
"""


class HttpApiBase(unittest.TestCase):
    """A cloudlet with the functions every test uses."""

    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.lam = cls.c.client("lambda")
        cls.gw = cls.c.client("apigatewayv2")
        cls.arns = {}
        for name, runtime, handler, files in [
            ("py-echo", "python3.12", "app.handler", {"app.py": PY_ECHO}),
            ("py-shapes", "python3.12", "app.handler", {"app.py": PY_SHAPES}),
            ("node-echo", "nodejs20.x", "index.handler", {"index.js": NODE_ECHO}),
        ]:
            cls.arns[name] = cls.create_function(name, runtime, handler, files)

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    @classmethod
    def create_function(cls, name, runtime, handler, files, timeout=10):
        arn = cls.lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                                      Code={"ZipFile": make_zip(files)}, Timeout=timeout)["FunctionArn"]
        cls.lam.get_waiter("function_active_v2").wait(FunctionName=name)
        return arn

    def request(self, api_id, method, path, body=None, headers=None, host_form=True):
        conn = http.client.HTTPConnection(self.c.host, self.c.port, timeout=30)
        h = dict(headers or {})
        if host_form:
            h.setdefault("Host", f"{api_id}.execute-api.localhost:{self.c.port}")
            target = path
        else:
            target = f"/_aws/execute-api/{api_id}{path}"
        conn.request(method, target, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r, data

    def quick_api(self, function="py-echo", **kwargs):
        api = self.gw.create_api(Name="quick", ProtocolType="HTTP", Target=self.arns[function], **kwargs)
        return api["ApiId"]

    def lambda_integration(self, api_id, function, version="2.0", **kwargs):
        return self.gw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY",
                                          IntegrationUri=self.arns[function], PayloadFormatVersion=version,
                                          **kwargs)["IntegrationId"]

    def route(self, api_id, key, integration_id, **kwargs):
        return self.gw.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration_id}", **kwargs)


class ControlPlaneTest(HttpApiBase):
    def test_api_lifecycle(self):
        api = self.gw.create_api(Name="first", ProtocolType="HTTP", Description="d", Tags={"team": "a"})
        api_id = api["ApiId"]
        self.assertRegex(api_id, r"^[a-z0-9]{10}$")
        self.assertEqual(api["ApiEndpoint"], f"http://{api_id}.execute-api.localhost:{self.c.port}")
        self.assertEqual(api["RouteSelectionExpression"], "$request.method $request.path")
        self.assertEqual(api["ApiKeySelectionExpression"], "$request.header.x-api-key")
        self.assertFalse(api["DisableExecuteApiEndpoint"])
        got = self.gw.get_api(ApiId=api_id)
        self.assertEqual(got["Name"], "first")
        self.assertEqual(got["Tags"], {"team": "a"})
        up = self.gw.update_api(ApiId=api_id, Name="renamed",
                                CorsConfiguration={"AllowOrigins": ["https://a.example"], "MaxAge": 60})
        self.assertEqual(up["Name"], "renamed")
        self.assertEqual(up["Description"], "d")
        self.assertEqual(up["CorsConfiguration"], {"AllowOrigins": ["https://a.example"], "MaxAge": 60})
        self.gw.delete_cors_configuration(ApiId=api_id)
        self.assertNotIn("CorsConfiguration", self.gw.get_api(ApiId=api_id))
        self.gw.delete_api(ApiId=api_id)
        with self.assertRaises(self.gw.exceptions.NotFoundException) as e:
            self.gw.get_api(ApiId=api_id)
        self.assertEqual(e.exception.response["Error"]["Message"],
                         f"Invalid API identifier specified 000000000000:{api_id}")
        self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_get_apis_pages(self):
        ids = sorted(self.gw.create_api(Name=f"page{i}", ProtocolType="HTTP")["ApiId"] for i in range(5))
        seen, token = [], None
        while True:
            kwargs = {"MaxResults": "2"}
            if token:
                kwargs["NextToken"] = token
            page = self.gw.get_apis(**kwargs)
            self.assertLessEqual(len(page["Items"]), 2)
            seen += [a["ApiId"] for a in page["Items"]]
            token = page.get("NextToken")
            if not token:
                break
        for i in ids:
            self.assertIn(i, seen)
        self.assertEqual(len(seen), len(set(seen)))
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.gw.get_apis(MaxResults="0")
        # The same listing through the paginator boto3 ships.
        listed = [a["ApiId"] for p in self.gw.get_paginator("get_apis").paginate(PaginationConfig={"PageSize": 2})
                  for a in p["Items"]]
        self.assertEqual(sorted(listed), sorted(seen))

    def test_quick_create_makes_route_integration_and_auto_stage(self):
        api_id = self.quick_api(RouteKey="GET /hello")
        routes = self.gw.get_routes(ApiId=api_id)["Items"]
        self.assertEqual(len(routes), 1)
        self.assertEqual(routes[0]["RouteKey"], "GET /hello")
        self.assertTrue(routes[0]["ApiGatewayManaged"])
        integrations = self.gw.get_integrations(ApiId=api_id)["Items"]
        self.assertEqual(routes[0]["Target"], "integrations/" + integrations[0]["IntegrationId"])
        self.assertEqual(integrations[0]["IntegrationType"], "AWS_PROXY")
        self.assertEqual(integrations[0]["PayloadFormatVersion"], "2.0")
        self.assertEqual(integrations[0]["TimeoutInMillis"], 30000)
        stage = self.gw.get_stage(ApiId=api_id, StageName="$default")
        self.assertTrue(stage["AutoDeploy"])
        self.assertIn("DeploymentId", stage)
        deployments = self.gw.get_deployments(ApiId=api_id)["Items"]
        self.assertEqual([d["DeploymentId"] for d in deployments], [stage["DeploymentId"]])
        self.assertTrue(deployments[0]["AutoDeployed"])

    def test_routes_integrations_and_errors(self):
        api_id = self.gw.create_api(Name="routes", ProtocolType="HTTP")["ApiId"]
        integ = self.lambda_integration(api_id, "py-echo", "1.0", TimeoutInMillis=5000)
        got = self.gw.get_integration(ApiId=api_id, IntegrationId=integ)
        self.assertEqual(got["PayloadFormatVersion"], "1.0")
        self.assertEqual(got["TimeoutInMillis"], 5000)
        self.assertEqual(got["IntegrationMethod"], "POST")
        route = self.route(api_id, "GET /pets/{id}", integ)
        self.assertRegex(route["RouteId"], r"^[a-z0-9]{7}$")
        self.assertEqual(route["AuthorizationType"], "NONE")
        with self.assertRaises(self.gw.exceptions.ConflictException):
            self.route(api_id, "GET /pets/{id}", integ)
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.route(api_id, "FETCH /pets", integ)
        with self.assertRaises(self.gw.exceptions.NotFoundException):
            self.gw.create_route(ApiId=api_id, RouteKey="GET /x", Target="integrations/nothere")
        with self.assertRaises(self.gw.exceptions.BadRequestException) as e:
            self.gw.create_route(ApiId=api_id, RouteKey="GET /jwt", AuthorizationType="JWT")
        self.assertEqual(e.exception.response["Error"]["Message"],
                         "Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid "
                         "JWT authorizer.")
        up = self.gw.update_route(ApiId=api_id, RouteId=route["RouteId"], RouteKey="GET /pets/{petId}")
        self.assertEqual(up["RouteKey"], "GET /pets/{petId}")
        self.assertEqual(self.gw.get_route(ApiId=api_id, RouteId=route["RouteId"])["RouteKey"], "GET /pets/{petId}")
        with self.assertRaises(self.gw.exceptions.ConflictException):
            self.gw.delete_integration(ApiId=api_id, IntegrationId=integ)
        self.gw.delete_route(ApiId=api_id, RouteId=route["RouteId"])
        with self.assertRaises(self.gw.exceptions.NotFoundException) as e:
            self.gw.get_route(ApiId=api_id, RouteId=route["RouteId"])
        self.assertEqual(e.exception.response["Error"]["Message"],
                         f"Invalid Route identifier specified 000000000000:{route['RouteId']}")
        self.gw.update_integration(ApiId=api_id, IntegrationId=integ, PayloadFormatVersion="2.0")
        self.assertEqual(self.gw.get_integration(ApiId=api_id, IntegrationId=integ)["PayloadFormatVersion"], "2.0")
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.gw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri="not-an-arn",
                                       PayloadFormatVersion="2.0")
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.gw.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri="http://x",
                                       IntegrationMethod="GET", PayloadFormatVersion="2.0")
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.gw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=self.arns["py-echo"],
                                       PayloadFormatVersion="2.0", TimeoutInMillis=40000)
        self.gw.delete_integration(ApiId=api_id, IntegrationId=integ)
        self.assertEqual(self.gw.get_integrations(ApiId=api_id)["Items"], [])
        with self.assertRaises(self.gw.exceptions.NotFoundException):
            self.gw.get_routes(ApiId="missing000")

    def test_stages_deployments_and_settings(self):
        api_id = self.gw.create_api(Name="stages", ProtocolType="HTTP")["ApiId"]
        with self.assertRaises(self.gw.exceptions.BadRequestException) as e:
            self.gw.create_deployment(ApiId=api_id)
        self.assertEqual(e.exception.response["Error"]["Message"],
                         "At least one route is required before deploying the Api.")
        integ = self.lambda_integration(api_id, "py-echo")
        self.route(api_id, "GET /a", integ)
        stage = self.gw.create_stage(ApiId=api_id, StageName="dev", StageVariables={"env": "dev"},
                                     DefaultRouteSettings={"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5.0},
                                     RouteSettings={"GET /a": {"ThrottlingBurstLimit": 1}},
                                     AccessLogSettings={"DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:gw",
                                                        "Format": "$context.requestId"})
        self.assertFalse(stage["AutoDeploy"])
        self.assertNotIn("DeploymentId", stage)
        self.assertEqual(stage["RouteSettings"]["GET /a"]["ThrottlingBurstLimit"], 1)
        with self.assertRaises(self.gw.exceptions.ConflictException):
            self.gw.create_stage(ApiId=api_id, StageName="dev")
        with self.assertRaises(self.gw.exceptions.NotFoundException) as e:
            self.gw.create_stage(ApiId=api_id, StageName="other", RouteSettings={"GET /none": {}})
        self.assertEqual(e.exception.response["Error"]["Message"],
                         "Unable to find Route by key GET /none within the provided RouteSettings")
        dep = self.gw.create_deployment(ApiId=api_id, StageName="dev", Description="first")
        self.assertEqual(dep["DeploymentStatus"], "DEPLOYED")
        self.assertFalse(dep["AutoDeployed"])
        self.assertEqual(self.gw.get_stage(ApiId=api_id, StageName="dev")["DeploymentId"], dep["DeploymentId"])
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.gw.delete_deployment(ApiId=api_id, DeploymentId=dep["DeploymentId"])
        self.gw.update_deployment(ApiId=api_id, DeploymentId=dep["DeploymentId"], Description="renamed")
        self.assertEqual(self.gw.get_deployment(ApiId=api_id, DeploymentId=dep["DeploymentId"])["Description"], "renamed")
        self.gw.delete_route_settings(ApiId=api_id, StageName="dev", RouteKey="GET /a")
        self.assertEqual(self.gw.get_stage(ApiId=api_id, StageName="dev")["RouteSettings"], {})
        self.gw.delete_access_log_settings(ApiId=api_id, StageName="dev")
        self.assertNotIn("AccessLogSettings", self.gw.get_stage(ApiId=api_id, StageName="dev"))
        up = self.gw.update_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
        self.assertTrue(up["AutoDeploy"])
        self.assertNotEqual(up["DeploymentId"], dep["DeploymentId"])
        self.gw.reset_authorizers_cache(ApiId=api_id, StageName="dev")
        self.assertEqual([s["StageName"] for s in self.gw.get_stages(ApiId=api_id)["Items"]], ["dev"])
        self.gw.delete_stage(ApiId=api_id, StageName="dev")
        with self.assertRaises(self.gw.exceptions.NotFoundException):
            self.gw.get_stage(ApiId=api_id, StageName="dev")
        self.gw.delete_deployment(ApiId=api_id, DeploymentId=dep["DeploymentId"])

    def test_authorizers(self):
        api_id = self.gw.create_api(Name="auth", ProtocolType="HTTP")["ApiId"]
        jwt = self.gw.create_authorizer(ApiId=api_id, Name="jwt", AuthorizerType="JWT",
                                        IdentitySource=["$request.header.Authorization"],
                                        JwtConfiguration={"Issuer": "http://127.0.0.1:1/", "Audience": ["a"]})
        self.assertRegex(jwt["AuthorizerId"], r"^[a-z0-9]{6}$")
        fn_uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                  f"{self.arns['py-echo']}/invocations")
        lam = self.gw.create_authorizer(ApiId=api_id, Name="lam", AuthorizerType="REQUEST", AuthorizerUri=fn_uri,
                                        AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True,
                                        IdentitySource=["$request.header.x-token"], AuthorizerResultTtlInSeconds=60)
        self.assertEqual(lam["AuthorizerResultTtlInSeconds"], 60)
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.gw.create_authorizer(ApiId=api_id, Name="bad", AuthorizerType="REQUEST", AuthorizerUri=fn_uri,
                                      AuthorizerPayloadFormatVersion="1.0", EnableSimpleResponses=True,
                                      IdentitySource=["$request.header.x"])
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.gw.create_authorizer(ApiId=api_id, Name="bad", AuthorizerType="JWT", IdentitySource=["nope"],
                                      JwtConfiguration={"Issuer": "http://x", "Audience": ["a"]})
        integ = self.lambda_integration(api_id, "py-echo")
        route = self.route(api_id, "GET /secure", integ, AuthorizationType="JWT", AuthorizerId=jwt["AuthorizerId"],
                           AuthorizationScopes=["read"])
        self.assertEqual(route["AuthorizationScopes"], ["read"])
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.route(api_id, "GET /custom", integ, AuthorizationType="CUSTOM", AuthorizerId=jwt["AuthorizerId"])
        self.route(api_id, "GET /custom", integ, AuthorizationType="CUSTOM", AuthorizerId=lam["AuthorizerId"])
        up = self.gw.update_authorizer(ApiId=api_id, AuthorizerId=lam["AuthorizerId"], AuthorizerResultTtlInSeconds=0)
        self.assertEqual(up["AuthorizerResultTtlInSeconds"], 0)
        self.assertEqual(len(self.gw.get_authorizers(ApiId=api_id)["Items"]), 2)
        with self.assertRaises(self.gw.exceptions.ConflictException):
            self.gw.delete_authorizer(ApiId=api_id, AuthorizerId=jwt["AuthorizerId"])
        self.gw.delete_route(ApiId=api_id, RouteId=route["RouteId"])
        self.gw.delete_authorizer(ApiId=api_id, AuthorizerId=jwt["AuthorizerId"])
        with self.assertRaises(self.gw.exceptions.NotFoundException):
            self.gw.get_authorizer(ApiId=api_id, AuthorizerId=jwt["AuthorizerId"])

    def test_tags(self):
        api_id = self.gw.create_api(Name="tags", ProtocolType="HTTP", Tags={"a": "1"})["ApiId"]
        arn = f"arn:aws:apigateway:us-east-1::/apis/{api_id}"
        self.gw.tag_resource(ResourceArn=arn, Tags={"b": "2"})
        self.assertEqual(self.gw.get_tags(ResourceArn=arn)["Tags"], {"a": "1", "b": "2"})
        self.gw.untag_resource(ResourceArn=arn, TagKeys=["a"])
        self.assertEqual(self.gw.get_tags(ResourceArn=arn)["Tags"], {"b": "2"})
        self.gw.create_stage(ApiId=api_id, StageName="s1", Tags={"s": "x"})
        self.assertEqual(self.gw.get_tags(ResourceArn=arn + "/stages/s1")["Tags"], {"s": "x"})
        with self.assertRaises(self.gw.exceptions.NotFoundException):
            self.gw.get_tags(ResourceArn="arn:aws:apigateway:us-east-1::/apis/zzzzzzzzzz")

    def test_aws_cli(self):
        out = self.c.aws_cli("apigatewayv2", "create-api", "--name", "cli", "--protocol-type", "HTTP",
                             "--target", self.arns["py-echo"])
        api = json.loads(out.stdout)
        listed = json.loads(self.c.aws_cli("apigatewayv2", "get-apis").stdout)["Items"]
        self.assertIn(api["ApiId"], [a["ApiId"] for a in listed])
        r, body = self.request(api["ApiId"], "GET", "/from-cli")
        self.assertEqual(r.status, 200, body)
        self.assertEqual(json.loads(body)["rawPath"], "/from-cli")
        failed = self.c.aws_cli("apigatewayv2", "get-api", "--api-id", "nope", check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("NotFoundException", failed.stderr)

    def test_websocket_is_refused(self):
        with self.assertRaises(self.gw.exceptions.BadRequestException):
            self.gw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")


class BackendHandler(BaseHTTPRequestHandler):
    """The HTTP_PROXY backend: answers with what it received."""

    def do_any(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        if self.path.startswith("/slow"):
            time.sleep(2)
        answer = json.dumps({"method": self.command, "path": self.path, "body": body,
                             "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        try:
            self.send_response(207)
            self.send_header("content-type", "application/json")
            self.send_header("x-backend", "yes")
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except BrokenPipeError:
            pass  # the gateway stopped waiting (the timeout test)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_any

    def log_message(self, *args):
        pass


class DataPlaneTest(HttpApiBase):
    def test_payload_v2_event_in_both_url_forms(self):
        api_id = self.quick_api()
        r, body = self.request(api_id, "POST", "/items/7?a=1&a=2&b=x%20y", body=b'{"k":1}',
                               headers={"Content-Type": "application/json", "Cookie": "c1=a; c2=b",
                                        "X-Multi": "one", "User-Agent": "e2e/1"})
        self.assertEqual(r.status, 200, body)
        e = json.loads(body)
        self.assertEqual(e["version"], "2.0")
        self.assertEqual(e["routeKey"], "$default")
        self.assertEqual(e["rawPath"], "/items/7")
        self.assertEqual(e["rawQueryString"], "a=1&a=2&b=x%20y")
        self.assertEqual(e["cookies"], ["c1=a", "c2=b"])
        self.assertEqual(e["queryStringParameters"], {"a": "1,2", "b": "x y"})
        self.assertEqual(e["headers"]["x-multi"], "one")
        self.assertEqual(e["headers"]["content-type"], "application/json")
        self.assertNotIn("cookie", e["headers"])
        self.assertEqual(e["headers"]["x-forwarded-proto"], "http")
        self.assertTrue(e["headers"]["x-amzn-trace-id"].startswith("Root=1-"))
        self.assertEqual(e["body"], '{"k":1}')
        self.assertFalse(e["isBase64Encoded"])
        rc = e["requestContext"]
        self.assertEqual(rc["apiId"], api_id)
        self.assertEqual(rc["accountId"], "000000000000")
        self.assertEqual(rc["domainName"], f"{api_id}.execute-api.localhost")
        self.assertEqual(rc["domainPrefix"], api_id)
        self.assertEqual(rc["stage"], "$default")
        self.assertEqual(rc["http"], {"method": "POST", "path": "/items/7", "protocol": "HTTP/1.1",
                                      "sourceIp": "127.0.0.1", "userAgent": "e2e/1"})
        self.assertEqual(rc["requestId"], r.getheader("apigw-requestid"))
        self.assertRegex(rc["time"], r"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$")
        self.assertLess(abs(rc["timeEpoch"] / 1000 - time.time()), 60)
        # The path form reaches the same API, and a trace id given is carried through.
        r, body = self.request(api_id, "PUT", "/bin", body=bytes([0, 255, 7]), host_form=False,
                               headers={"Content-Type": "application/octet-stream",
                                        "X-Amzn-Trace-Id": "Root=1-5e1b4151-5ac6c58f4b1b4c4f8a8c1f2e"})
        self.assertEqual(r.status, 200, body)
        e = json.loads(body)
        self.assertEqual(e["rawPath"], "/bin")
        self.assertTrue(e["isBase64Encoded"])
        self.assertEqual(base64.b64decode(e["body"]), bytes([0, 255, 7]))
        self.assertEqual(e["headers"]["x-amzn-trace-id"], "Root=1-5e1b4151-5ac6c58f4b1b4c4f8a8c1f2e")
        r, body = self.request("zzzzzzzzzz", "GET", "/")
        self.assertEqual(r.status, 404)

    def test_route_priority_and_path_parameters(self):
        api_id = self.gw.create_api(Name="priority", ProtocolType="HTTP")["ApiId"]
        integ = self.lambda_integration(api_id, "py-echo")
        for key in ["GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}", "$default"]:
            self.route(api_id, key, integ)
        self.gw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        cases = [("GET", "/pets/dog/1", "GET /pets/dog/1", None),
                 ("GET", "/pets/dog/2", "GET /pets/dog/{id}", {"id": "2"}),
                 ("GET", "/pets/cat/1", "GET /pets/{proxy+}", {"proxy": "cat/1"}),
                 ("POST", "/test/5", "ANY /{proxy+}", {"proxy": "test/5"}),
                 ("POST", "/", "$default", None)]
        for method, path, key, params in cases:
            r, body = self.request(api_id, method, path)
            self.assertEqual(r.status, 200, (path, body))
            e = json.loads(body)
            self.assertEqual(e["routeKey"], key, path)
            self.assertEqual(e["requestContext"]["routeKey"], key)
            self.assertEqual(e.get("pathParameters"), params, path)

    def test_named_stages_serve_their_deployment(self):
        api_id = self.gw.create_api(Name="deploy", ProtocolType="HTTP")["ApiId"]
        integ = self.lambda_integration(api_id, "py-echo")
        self.route(api_id, "GET /pets/{id}", integ)
        self.gw.create_stage(ApiId=api_id, StageName="dev", StageVariables={"env": "dev", "color": "blue"})
        r, _ = self.request(api_id, "GET", "/dev/pets/1")
        self.assertEqual(r.status, 404)  # a stage without a deployment serves nothing
        self.gw.create_deployment(ApiId=api_id, StageName="dev")
        self.gw.create_stage(ApiId=api_id, StageName="live", AutoDeploy=True)
        r, body = self.request(api_id, "GET", "/dev/pets/1")
        self.assertEqual(r.status, 200, body)
        e = json.loads(body)
        self.assertEqual(e["rawPath"], "/dev/pets/1")
        self.assertEqual(e["requestContext"]["stage"], "dev")
        self.assertEqual(e["pathParameters"], {"id": "1"})
        self.assertEqual(e["stageVariables"], {"env": "dev", "color": "blue"})
        r, body = self.request(api_id, "GET", "/nostage/pets/1")
        self.assertEqual(r.status, 404)
        self.assertEqual(json.loads(body), {"message": "Not Found"})
        # A new route: the auto-deploying stage serves it at once, dev only once deployed.
        self.route(api_id, "GET /cats", integ)
        r, _ = self.request(api_id, "GET", "/live/cats")
        self.assertEqual(r.status, 200)
        r, body = self.request(api_id, "GET", "/dev/cats")
        self.assertEqual(r.status, 404)
        self.assertEqual(json.loads(body), {"message": "Not Found"})
        self.gw.create_deployment(ApiId=api_id, StageName="dev")
        r, _ = self.request(api_id, "GET", "/dev/cats")
        self.assertEqual(r.status, 200)
        # Stage variables change without a deployment.
        self.gw.update_stage(ApiId=api_id, StageName="dev", StageVariables={"env": "prod"})
        r, body = self.request(api_id, "GET", "/dev/cats", host_form=False)
        self.assertEqual(json.loads(body)["stageVariables"]["env"], "prod")

    def test_payload_v1_to_node(self):
        api_id = self.gw.create_api(Name="v1", ProtocolType="HTTP")["ApiId"]
        integ = self.lambda_integration(api_id, "node-echo", "1.0")
        self.route(api_id, "GET /users/{id}", integ)
        self.gw.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True)
        r, body = self.request(api_id, "GET", "/prod/users/42?x=1&x=2", headers={"X-Multi": "a"})
        self.assertEqual(r.status, 200, body)
        e = json.loads(body)
        self.assertEqual(e["version"], "1.0")
        self.assertEqual(e["resource"], "/users/{id}")
        self.assertEqual(e["path"], "/users/42")
        self.assertEqual(e["httpMethod"], "GET")
        self.assertEqual(e["headers"]["x-multi"], "a")
        self.assertEqual(e["multiValueHeaders"]["x-multi"], ["a"])
        self.assertEqual(e["queryStringParameters"], {"x": "2"})
        self.assertEqual(e["multiValueQueryStringParameters"], {"x": ["1", "2"]})
        self.assertEqual(e["pathParameters"], {"id": "42"})
        self.assertIsNone(e["stageVariables"])
        self.assertIsNone(e["body"])
        self.assertFalse(e["isBase64Encoded"])
        rc = e["requestContext"]
        self.assertEqual(rc["path"], "/prod/users/42")
        self.assertEqual(rc["stage"], "prod")
        self.assertEqual(rc["resourcePath"], "/users/{id}")
        self.assertEqual(rc["identity"]["sourceIp"], "127.0.0.1")
        self.assertEqual(rc["requestId"], r.getheader("apigw-requestid"))

    def test_response_rules(self):
        api_id = self.quick_api("py-shapes")
        r, body = self.request(api_id, "GET", "/", headers={"x-answer": "plain"})
        self.assertEqual((r.status, r.getheader("content-type")), (200, "application/json"))
        self.assertEqual(json.loads(body), {"message": "inferred", "n": 1})
        r, body = self.request(api_id, "GET", "/", headers={"x-answer": "string"})
        self.assertEqual((r.status, body), (200, b'"just text"'))
        r, body = self.request(api_id, "GET", "/", headers={"x-answer": "shaped"})
        self.assertEqual((r.status, body), (201, b"created"))
        self.assertEqual(r.getheader("x-a"), "b")
        self.assertEqual(r.headers.get_all("set-cookie"), ["c1=v1", "c2=v2; Path=/"])
        r, body = self.request(api_id, "GET", "/", headers={"x-answer": "binary"})
        self.assertEqual((r.status, body), (200, bytes([0, 255, 1])))
        r, body = self.request(api_id, "GET", "/", headers={"x-answer": "fail"})
        self.assertEqual((r.status, json.loads(body)), (500, {"message": "Internal Server Error"}))
        r, body = self.request(api_id, "GET", "/", headers={"x-answer": "bad"})
        self.assertEqual((r.status, json.loads(body)), (502, {"message": "Internal Server Error"}))
        # Payload 1.0: multiValueHeaders.
        v1 = self.gw.create_api(Name="v1shapes", ProtocolType="HTTP")["ApiId"]
        integ = self.lambda_integration(v1, "py-shapes", "1.0")
        self.route(v1, "$default", integ)
        self.gw.create_stage(ApiId=v1, StageName="$default", AutoDeploy=True)
        r, body = self.request(v1, "GET", "/", headers={"x-answer": "multi"})
        self.assertEqual((r.status, body), (200, b"multi"))
        self.assertEqual(r.headers.get_all("x-many"), ["a", "b"])
        self.assertEqual(r.headers.get_all("set-cookie"), ["m1=1", "m2=2"])
        self.assertEqual(r.getheader("x-one"), "single")
        r, body = self.request(v1, "GET", "/", headers={"x-answer": "plain"})
        self.assertEqual(r.status, 502)  # 1.0 needs a statusCode

    def test_integration_timeout(self):
        api_id = self.gw.create_api(Name="slow", ProtocolType="HTTP")["ApiId"]
        integ = self.lambda_integration(api_id, "py-shapes", TimeoutInMillis=1000)
        self.route(api_id, "$default", integ)
        self.gw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        started = time.monotonic()
        r, body = self.request(api_id, "GET", "/", headers={"x-answer": "slow"})
        elapsed = time.monotonic() - started
        self.assertEqual((r.status, json.loads(body)), (503, {"message": "Service Unavailable"}))
        self.assertLess(elapsed, 2.5)
        self.assertGreaterEqual(elapsed, 0.9)

    def test_cors(self):
        api_id = self.quick_api("py-shapes", CorsConfiguration={
            "AllowOrigins": ["https://app.example"], "AllowMethods": ["GET", "POST"],
            "AllowHeaders": ["content-type", "x-answer"], "ExposeHeaders": ["x-a"], "MaxAge": 600,
            "AllowCredentials": True})
        r, body = self.request(api_id, "OPTIONS", "/anything", headers={
            "Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
        self.assertEqual(r.status, 204)
        self.assertEqual(body, b"")
        self.assertEqual(r.getheader("access-control-allow-origin"), "https://app.example")
        self.assertEqual(r.getheader("access-control-allow-methods"), "GET,POST")
        self.assertEqual(r.getheader("access-control-allow-headers"), "content-type,x-answer")
        self.assertEqual(r.getheader("access-control-max-age"), "600")
        self.assertEqual(r.getheader("access-control-allow-credentials"), "true")
        r, _ = self.request(api_id, "OPTIONS", "/anything", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        self.assertIsNone(r.getheader("access-control-allow-origin"))
        r, body = self.request(api_id, "GET", "/", headers={"Origin": "https://app.example", "x-answer": "cors"})
        self.assertEqual((r.status, body), (200, b"cors"))
        self.assertEqual(r.getheader("access-control-allow-origin"), "https://app.example")
        self.assertEqual(r.getheader("access-control-expose-headers"), "x-a")
        self.assertIsNone(r.getheader("access-control-max-age"))  # the function's own CORS headers are dropped
        # Without a configuration OPTIONS reaches the function and nothing is added.
        plain = self.quick_api("py-shapes")
        r, body = self.request(plain, "OPTIONS", "/", headers={"Origin": "https://app.example",
                                                               "Access-Control-Request-Method": "GET",
                                                               "x-answer": "cors"})
        self.assertEqual((r.status, body), (200, b"cors"))
        self.assertEqual(r.getheader("access-control-allow-origin"), "https://backend.example")

    def test_throttling(self):
        api_id = self.gw.create_api(Name="throttle", ProtocolType="HTTP")["ApiId"]
        integ = self.lambda_integration(api_id, "py-shapes")
        self.route(api_id, "GET /limited", integ)
        self.route(api_id, "GET /free", integ)
        self.gw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True,
                             DefaultRouteSettings={"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 100.0},
                             RouteSettings={"GET /limited": {"ThrottlingBurstLimit": 2, "ThrottlingRateLimit": 0.01}})
        statuses = [self.request(api_id, "GET", "/limited")[0].status for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 429, 429])
        r, body = self.request(api_id, "GET", "/limited")
        self.assertEqual(json.loads(body), {"message": "Too Many Requests"})
        self.assertEqual(self.request(api_id, "GET", "/free")[0].status, 200)
        # A stage whose defaults allow nothing.
        self.gw.update_stage(ApiId=api_id, StageName="$default",
                             DefaultRouteSettings={"ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0.0})
        self.assertEqual(self.request(api_id, "GET", "/free")[0].status, 429)

    def test_http_proxy(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), BackendHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        port = server.server_address[1]
        api_id = self.gw.create_api(Name="proxy", ProtocolType="HTTP")["ApiId"]
        greedy = self.gw.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                                            IntegrationUri=f"http://127.0.0.1:{port}/backend/{{proxy}}",
                                            PayloadFormatVersion="1.0")["IntegrationId"]
        fixed = self.gw.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="POST",
                                           IntegrationUri=f"http://127.0.0.1:{port}/${{stageVariables.where}}",
                                           PayloadFormatVersion="1.0", TimeoutInMillis=500)["IntegrationId"]
        self.route(api_id, "ANY /api/{proxy+}", greedy)
        self.route(api_id, "GET /fixed", fixed)
        self.route(api_id, "GET /slow", fixed)
        self.gw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, StageVariables={"where": "fixed-path"})
        r, body = self.request(api_id, "PUT", "/api/a/b?q=1", body=b"payload", headers={"X-Custom": "c"})
        self.assertEqual(r.status, 207, body)
        self.assertEqual(r.getheader("x-backend"), "yes")
        self.assertIsNotNone(r.getheader("apigw-requestid"))
        got = json.loads(body)
        self.assertEqual(got["method"], "PUT")
        self.assertEqual(got["path"], "/backend/a/b?q=1")
        self.assertEqual(got["body"], "payload")
        self.assertEqual(got["headers"]["x-custom"], "c")
        self.assertEqual(got["headers"]["x-forwarded-for"], "127.0.0.1")
        self.assertTrue(got["headers"]["x-amzn-trace-id"].startswith("Root=1-"))
        self.assertEqual(got["headers"]["host"], f"127.0.0.1:{port}")
        r, body = self.request(api_id, "GET", "/fixed")
        got = json.loads(body)
        self.assertEqual((got["method"], got["path"]), ("POST", "/fixed-path"))
        # The stage variable now names a path that sleeps longer than the integration waits.
        self.gw.update_stage(ApiId=api_id, StageName="$default", StageVariables={"where": "slow"})
        r, body = self.request(api_id, "GET", "/slow")
        self.assertEqual((r.status, json.loads(body)), (504, {"message": "Gateway Timeout"}))
        dead = self.gw.create_api(Name="dead", ProtocolType="HTTP", Target="http://127.0.0.1:1/")["ApiId"]
        r, body = self.request(dead, "GET", "/x")
        self.assertEqual((r.status, json.loads(body)), (500, {"message": "Internal Server Error"}))

    def test_access_logs_reach_cloudwatch_logs(self):
        logs = self.c.client("logs")
        logs.create_log_group(logGroupName="gw-access")
        api_id = self.quick_api("py-shapes")
        fmt = ('{"requestId":"$context.requestId","status":"$context.status","route":"$context.routeKey",'
               '"ip":"$context.identity.sourceIp","method":"$context.httpMethod","err":"$context.integrationErrorMessage"}')
        self.gw.update_stage(ApiId=api_id, StageName="$default", AccessLogSettings={
            "DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:gw-access", "Format": fmt})
        r1, _ = self.request(api_id, "GET", "/one", headers={"x-answer": "plain"})
        r2, _ = self.request(api_id, "POST", "/two", headers={"x-answer": "fail"})
        wanted = {r1.getheader("apigw-requestid"), r2.getheader("apigw-requestid")}
        lines = []
        for _ in range(50):
            events = logs.filter_log_events(logGroupName="gw-access")["events"]
            lines = [json.loads(e["message"]) for e in events]
            if wanted <= {l["requestId"] for l in lines}:
                break
            time.sleep(0.1)
        by_id = {l["requestId"]: l for l in lines}
        self.assertEqual(by_id[r1.getheader("apigw-requestid")],
                         {"requestId": r1.getheader("apigw-requestid"), "status": "200", "route": "$default",
                          "ip": "127.0.0.1", "method": "GET", "err": "-"})
        failed = by_id[r2.getheader("apigw-requestid")]
        self.assertEqual((failed["status"], failed["method"]), ("500", "POST"))
        self.assertIn("error", failed["err"])

    def test_metrics(self):
        api_id = self.quick_api("py-shapes", RouteKey="GET /m")
        self.request(api_id, "GET", "/m", headers={"x-answer": "plain"})
        self.request(api_id, "GET", "/m", headers={"x-answer": "fail"})
        self.request(api_id, "GET", "/nothing")
        conn = http.client.HTTPConnection(self.c.host, self.c.port, timeout=10)
        conn.request("GET", "/_cloudlet/metrics")
        text = conn.getresponse().read().decode()
        conn.close()
        labels = f'api_id="{api_id}",stage="$default",route="GET /m"'
        self.assertIn(f"cloudlet_apigateway_requests_total{{{labels},status=\"200\"}} 1", text)
        self.assertIn(f"cloudlet_apigateway_requests_total{{{labels},status=\"500\"}} 1", text)
        self.assertIn(f"cloudlet_apigateway_5xx_total{{{labels}}} 1", text)
        self.assertIn(f'cloudlet_apigateway_4xx_total{{api_id="{api_id}",stage="$default",route="-"}} 1', text)
        self.assertIn(f"cloudlet_apigateway_integration_latency_seconds_count{{{labels}}} 2", text)
        self.assertIn(f"cloudlet_apigateway_latency_seconds_count{{{labels}}} 2", text)

    def test_disabled_execute_api_endpoint(self):
        api_id = self.quick_api()
        self.gw.update_api(ApiId=api_id, DisableExecuteApiEndpoint=True)
        r, body = self.request(api_id, "GET", "/")
        self.assertEqual((r.status, json.loads(body)), (403, {"message": "Forbidden"}))


AUTHZ_SIMPLE = """
def handler(event, context):
    token = event["headers"].get("x-token", "")
    assert event["type"] == "REQUEST" and event["version"] == "2.0", event
    assert event["identitySource"] == [token], event
    return {"isAuthorized": token.startswith("good"), "context": {"user": token, "n": 7, "list": [1, 2]}}
"""

AUTHZ_POLICY = """
def handler(event, context):
    token = event["identitySource"]
    assert event["version"] == "1.0" and event["type"] == "REQUEST", event
    effect = "Allow" if token == "allow" else "Deny"
    return {"principalId": "user-" + token,
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]},
            "context": {"tier": "gold"}}
"""


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Issuer:
    """A local OpenID provider: /.well-known/openid-configuration and /jwks over
    http://, with an RSA key made for the test (the `cryptography` module, else
    the openssl CLI)."""

    def __init__(self):
        self.requests = []
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                issuer.requests.append(self.path)
                if self.path == "/.well-known/openid-configuration":
                    doc = {"issuer": issuer.url, "jwks_uri": issuer.url + "/jwks"}
                elif self.path == "/jwks":
                    doc = {"keys": [issuer.jwk]}
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(doc).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.key, self.jwk = self.make_key("key-1")
        self.other_key, _ = self.make_key("key-1")

    @staticmethod
    def make_key(kid):
        try:
            from cryptography.hazmat.primitives.asymmetric import rsa
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            numbers = key.public_key().public_numbers()
            n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
            e = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
        except ImportError:
            import subprocess, tempfile, os
            path = os.path.join(tempfile.mkdtemp(), "key.pem")
            subprocess.run(["openssl", "genrsa", "-out", path, "2048"], check=True, capture_output=True)
            text = subprocess.run(["openssl", "rsa", "-in", path, "-noout", "-modulus"], check=True,
                                  capture_output=True, text=True).stdout
            n = bytes.fromhex(text.strip().split("=", 1)[1])
            e = (65537).to_bytes(3, "big")
            key = path
        return key, {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": b64url(n), "e": b64url(e)}

    @staticmethod
    def sign(key, data):
        if isinstance(key, str):
            import subprocess
            return subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=data, check=True,
                                  capture_output=True).stdout
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    def token(self, key=None, header=None, **claims):
        now = int(time.time())
        body = {"iss": self.url, "aud": "my-client", "sub": "user-1", "iat": now - 10, "exp": now + 300}
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        head = header or {"alg": "RS256", "kid": "key-1", "typ": "JWT"}
        signing_input = f"{b64url(json.dumps(head).encode())}.{b64url(json.dumps(body).encode())}".encode()
        return signing_input.decode() + "." + b64url(self.sign(key or self.key, signing_input))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class AuthorizerTest(HttpApiBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.arns["authz-simple"] = cls.create_function("authz-simple", "python3.12", "app.handler",
                                                       {"app.py": AUTHZ_SIMPLE})
        cls.arns["authz-policy"] = cls.create_function("authz-policy", "python3.12", "app.handler",
                                                       {"app.py": AUTHZ_POLICY})
        cls.issuer = Issuer()

    @classmethod
    def tearDownClass(cls):
        cls.issuer.close()
        super().tearDownClass()

    def authorizer_uri(self, name):
        return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{self.arns[name]}/invocations"

    def invocations(self, function):
        """How many times `function` ran, from its START lines in CloudWatch Logs."""
        logs = self.c.client("logs")
        try:
            events = logs.filter_log_events(logGroupName=f"/aws/lambda/{function}")["events"]
        except logs.exceptions.ResourceNotFoundException:
            return 0
        return sum(1 for e in events if e["message"].startswith("START"))

    def test_jwt_authorizer(self):
        api_id = self.gw.create_api(Name="jwt", ProtocolType="HTTP")["ApiId"]
        auth = self.gw.create_authorizer(ApiId=api_id, Name="jwt", AuthorizerType="JWT",
                                         IdentitySource=["$request.header.Authorization"],
                                         JwtConfiguration={"Issuer": self.issuer.url, "Audience": ["my-client"]})
        integ = self.lambda_integration(api_id, "py-echo")
        self.route(api_id, "GET /open", integ, AuthorizationType="JWT", AuthorizerId=auth["AuthorizerId"])
        self.route(api_id, "GET /scoped", integ, AuthorizationType="JWT", AuthorizerId=auth["AuthorizerId"],
                   AuthorizationScopes=["orders:write"])
        self.gw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        good = self.issuer.token(scope="orders:read orders:write", groups=["a", "b"])
        r, body = self.request(api_id, "GET", "/open", headers={"Authorization": "Bearer " + good})
        self.assertEqual(r.status, 200, body)
        jwt = json.loads(body)["requestContext"]["authorizer"]["jwt"]
        self.assertEqual(jwt["claims"]["sub"], "user-1")
        self.assertEqual(jwt["claims"]["aud"], "my-client")
        self.assertEqual(jwt["claims"]["groups"], "[a b]")
        self.assertEqual(jwt["claims"]["iss"], self.issuer.url)
        self.assertIsNone(jwt["scopes"])
        r, body = self.request(api_id, "GET", "/open", headers={"Authorization": good})  # bare token
        self.assertEqual(r.status, 200, body)
        r, body = self.request(api_id, "GET", "/scoped", headers={"Authorization": good})
        self.assertEqual(r.status, 200, body)
        self.assertEqual(json.loads(body)["requestContext"]["authorizer"]["jwt"]["scopes"],
                         ["orders:read", "orders:write"])
        fetches = len(self.issuer.requests)
        self.assertEqual(self.issuer.requests[:2], ["/.well-known/openid-configuration", "/jwks"])

        def refused(token, status=401):
            headers = {"Authorization": "Bearer " + token} if token is not None else {}
            r, body = self.request(api_id, "GET", "/scoped", headers=headers)
            self.assertEqual(r.status, status, body)
            self.assertEqual(json.loads(body), {"message": "Unauthorized" if status == 401 else "Forbidden"})
            return r.getheader("www-authenticate")

        self.assertIsNone(refused(None))
        self.assertEqual(refused(self.issuer.token(aud="someone-else", scope="orders:write")),
                         'Bearer scope="orders:write" error="invalid_token" '
                         'error_description="the token does not have a valid audience"')
        self.assertIn("the token has expired", refused(self.issuer.token(exp=int(time.time()) - 5, scope="orders:write")))
        self.assertIn("not valid yet", refused(self.issuer.token(nbf=int(time.time()) + 300, scope="orders:write")))
        self.assertIn("valid issuer", refused(self.issuer.token(iss="http://elsewhere", scope="orders:write")))
        self.assertIn("signature", refused(self.issuer.token(key=self.issuer.other_key, scope="orders:write")))
        self.assertIn("signing method HS256 is invalid",
                      refused(self.issuer.token(header={"alg": "HS256", "kid": "key-1"}, scope="orders:write")))
        self.assertIn("invalid_token", refused("not-a-jwt"))
        self.assertIn('error="insufficient_scope"', refused(self.issuer.token(scope="orders:read"), status=403))
        # client_id stands in for aud (Cognito access tokens).
        r, _ = self.request(api_id, "GET", "/open",
                            headers={"Authorization": self.issuer.token(aud=None, client_id="my-client")})
        self.assertEqual(r.status, 200)
        # The JWKS was fetched once and cached.
        self.assertEqual(len(self.issuer.requests), fetches)

    def test_lambda_authorizer_simple_responses_and_cache(self):
        api_id = self.gw.create_api(Name="lam", ProtocolType="HTTP")["ApiId"]
        auth = self.gw.create_authorizer(ApiId=api_id, Name="simple", AuthorizerType="REQUEST",
                                         AuthorizerUri=self.authorizer_uri("authz-simple"),
                                         AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True,
                                         IdentitySource=["$request.header.x-token"], AuthorizerResultTtlInSeconds=300)
        integ = self.lambda_integration(api_id, "py-echo")
        self.route(api_id, "GET /me", integ, AuthorizationType="CUSTOM", AuthorizerId=auth["AuthorizerId"])
        self.gw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        before = self.invocations("authz-simple")
        r, body = self.request(api_id, "GET", "/me")
        self.assertEqual((r.status, json.loads(body)), (401, {"message": "Unauthorized"}))
        self.assertEqual(self.invocations("authz-simple"), before)  # no identity: the function is not called
        r, body = self.request(api_id, "GET", "/me", headers={"x-token": "good-1"})
        self.assertEqual(r.status, 200, body)
        self.assertEqual(json.loads(body)["requestContext"]["authorizer"],
                         {"lambda": {"user": "good-1", "n": 7, "list": [1, 2]}})
        r, body = self.request(api_id, "GET", "/me", headers={"x-token": "bad-1"})
        self.assertEqual((r.status, json.loads(body)), (403, {"message": "Forbidden"}))
        ran = self.invocations("authz-simple")
        for _ in range(3):
            self.assertEqual(self.request(api_id, "GET", "/me", headers={"x-token": "good-1"})[0].status, 200)
            self.assertEqual(self.request(api_id, "GET", "/me", headers={"x-token": "bad-1"})[0].status, 403)
        self.assertEqual(self.invocations("authz-simple"), ran)  # cached per identity
        self.gw.reset_authorizers_cache(ApiId=api_id, StageName="$default")
        self.assertEqual(self.request(api_id, "GET", "/me", headers={"x-token": "good-1"})[0].status, 200)
        for _ in range(50):
            if self.invocations("authz-simple") == ran + 1:
                break
            time.sleep(0.1)
        self.assertEqual(self.invocations("authz-simple"), ran + 1)

    def test_lambda_authorizer_iam_policy_v1(self):
        api_id = self.gw.create_api(Name="policy", ProtocolType="HTTP")["ApiId"]
        auth = self.gw.create_authorizer(ApiId=api_id, Name="policy", AuthorizerType="REQUEST",
                                         AuthorizerUri=self.authorizer_uri("authz-policy"),
                                         AuthorizerPayloadFormatVersion="1.0",
                                         IdentitySource=["$request.querystring.token"])
        integ = self.lambda_integration(api_id, "py-echo", "1.0")
        self.route(api_id, "GET /orders/{id}", integ, AuthorizationType="CUSTOM", AuthorizerId=auth["AuthorizerId"])
        self.gw.create_stage(ApiId=api_id, StageName="v1", AutoDeploy=True)
        r, body = self.request(api_id, "GET", "/v1/orders/9?token=allow")
        self.assertEqual(r.status, 200, body)
        authorizer = json.loads(body)["requestContext"]["authorizer"]
        self.assertEqual(authorizer["tier"], "gold")
        self.assertEqual(authorizer["principalId"], "user-allow")
        self.assertIsInstance(authorizer["integrationLatency"], int)
        r, body = self.request(api_id, "GET", "/v1/orders/9?token=deny")
        self.assertEqual((r.status, json.loads(body)), (403, {"message": "Forbidden"}))
        r, body = self.request(api_id, "GET", "/v1/orders/9")
        self.assertEqual(r.status, 401)

    def test_iam_authorization(self):
        api_id = self.gw.create_api(Name="iam", ProtocolType="HTTP")["ApiId"]
        integ = self.lambda_integration(api_id, "py-echo")
        self.route(api_id, "GET /iam", integ, AuthorizationType="AWS_IAM")
        self.gw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        r, body = self.request(api_id, "GET", "/iam")
        self.assertEqual((r.status, json.loads(body)), (403, {"message": "Forbidden"}))
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        url = f"http://{api_id}.execute-api.localhost:{self.c.port}/iam"
        req = AWSRequest(method="GET", url=url)
        SigV4Auth(Credentials("test", "test"), "execute-api", "us-east-1").add_auth(req)
        r, body = self.request(api_id, "GET", "/iam", headers=dict(req.headers.items()))
        self.assertEqual(r.status, 200, body)
        iam = json.loads(body)["requestContext"]["authorizer"]["iam"]
        self.assertEqual(iam["accessKey"], "test")
        self.assertEqual(iam["accountId"], "000000000000")


class RestartAndSignatureTest(unittest.TestCase):
    def test_apis_survive_a_restart(self):
        import tempfile, shutil
        data = tempfile.mkdtemp(prefix="cloudlet-apigw-")
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)
        with Cloudlet(data_dir=data) as c:
            lam, gw = c.client("lambda"), c.client("apigatewayv2")
            arn = lam.create_function(FunctionName="echo", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                      Code={"ZipFile": make_zip({"app.py": PY_ECHO})})["FunctionArn"]
            lam.get_waiter("function_active_v2").wait(FunctionName="echo")
            api_id = gw.create_api(Name="durable", ProtocolType="HTTP", Target=arn, RouteKey="GET /kept")["ApiId"]
            c.kill9()
        with Cloudlet(data_dir=data) as c:
            self.assertEqual(c.client("apigatewayv2").get_api(ApiId=api_id)["Name"], "durable")
            conn = http.client.HTTPConnection(c.host, c.port, timeout=30)
            conn.request("GET", "/kept", headers={"Host": f"{api_id}.execute-api.localhost:{c.port}"})
            r = conn.getresponse()
            data = r.read()
            conn.close()
            self.assertEqual(r.status, 200)
            self.assertEqual(json.loads(data)["routeKey"], "GET /kept")

    def test_auth_sigv4(self):
        with Cloudlet("--auth", "sigv4", in_memory=True) as c:
            with self.assertRaises(Exception) as e:
                c.client("apigatewayv2", secret="wrong").get_apis()
            self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)
            lam, gw = c.client("lambda"), c.client("apigatewayv2")
            arn = lam.create_function(FunctionName="echo", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                      Code={"ZipFile": make_zip({"app.py": PY_ECHO})})["FunctionArn"]
            lam.get_waiter("function_active_v2").wait(FunctionName="echo")
            api_id = gw.create_api(Name="signed", ProtocolType="HTTP", Target=arn, RouteKey="GET /open")["ApiId"]
            integ = gw.get_integrations(ApiId=api_id)["Items"][0]["IntegrationId"]
            gw.create_route(ApiId=api_id, RouteKey="GET /iam", Target=f"integrations/{integ}", AuthorizationType="AWS_IAM")
            host = f"{api_id}.execute-api.localhost:{c.port}"

            def get(path, headers=None):
                conn = http.client.HTTPConnection(c.host, c.port, timeout=30)
                conn.request("GET", path, headers=dict(headers or {}, Host=host))
                r = conn.getresponse()
                data = r.read()
                conn.close()
                return r.status, data

            self.assertEqual(get("/open")[0], 200)  # NONE routes need no signature
            self.assertEqual(get("/iam")[0], 403)
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            for secret, status in [("test", 200), ("wrong", 403)]:
                req = AWSRequest(method="GET", url=f"http://{host}/iam")
                SigV4Auth(Credentials("test", secret), "execute-api", "us-east-1").add_auth(req)
                self.assertEqual(get("/iam", dict(req.headers.items()))[0], status, secret)


if __name__ == "__main__":
    unittest.main()
