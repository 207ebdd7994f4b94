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


if __name__ == "__main__":
    unittest.main()
