"""API Gateway REST APIs (the v1 `apigateway` API) end to end: the control
plane with boto3 and the aws CLI, then requests through the one edge port in
both URL forms (Host `<apiId>.execute-api.localhost`, and
`/_aws/execute-api/<apiId>/<stage>/...`) to Python and Node functions, MOCK
and HTTP_PROXY integrations, API keys and usage plans, Lambda TOKEN and
REQUEST authorizers, stage variables, throttling, access logs, metrics and a
restart."""
import base64
import http.client
import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import Cloudlet
from test_lambda_invoke import ROLE, make_zip

REGION = "us-east-1"


def lambda_uri(function_arn):
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


class RestBase(unittest.TestCase):
    """A cloudlet per test class; helpers to build REST APIs."""

    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.gw = cls.c.client("apigateway")
        cls.lam = cls.c.client("lambda")
        cls.arns = {}

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    @classmethod
    def create_function(cls, name, runtime, handler, files, timeout=10):
        arn = cls.lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                                      Code={"ZipFile": make_zip(files)}, Timeout=timeout)["FunctionArn"]
        cls.lam.get_waiter("function_active_v2").wait(FunctionName=name)
        cls.arns[name] = arn
        return arn

    def new_api(self, name="api", **kwargs):
        api = self.gw.create_rest_api(name=name, **kwargs)
        return api["id"], api["rootResourceId"]

    def resource(self, api_id, parent_id, part):
        return self.gw.create_resource(restApiId=api_id, parentId=parent_id, pathPart=part)["id"]

    def method(self, api_id, resource_id, http_method="ANY", **kwargs):
        kwargs.setdefault("authorizationType", "NONE")
        return self.gw.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=http_method, **kwargs)

    def lambda_proxy(self, api_id, resource_id, function, http_method="ANY", **kwargs):
        return self.gw.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=http_method,
                                       type="AWS_PROXY", integrationHttpMethod="POST",
                                       uri=lambda_uri(self.arns[function]), **kwargs)

    def mock(self, api_id, resource_id, http_method, status="200", body=None, headers=None):
        self.gw.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=http_method, type="MOCK",
                                requestTemplates={"application/json": json.dumps({"statusCode": int(status)})})
        kwargs = {}
        if body is not None:
            kwargs["responseTemplates"] = {"application/json": body}
        if headers:
            kwargs["responseParameters"] = {f"method.response.header.{k}": f"'{v}'" for k, v in headers.items()}
        self.gw.put_integration_response(restApiId=api_id, resourceId=resource_id, httpMethod=http_method,
                                         statusCode=status, selectionPattern="", **kwargs)

    def request(self, api_id, method, path, body=None, headers=None, host_form=True):
        conn = http.client.HTTPConnection(self.c.host, self.c.port, timeout=40)
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

    def error(self, call, **kwargs):
        """The (code, message, status) of a refused call."""
        with self.assertRaises(self.gw.exceptions.ClientError) as e:
            call(**kwargs)
        err = e.exception.response
        return err["Error"]["Code"], err["Error"]["Message"], err["ResponseMetadata"]["HTTPStatusCode"]


class ControlPlaneTest(RestBase):
    def test_rest_api_lifecycle(self):
        api = self.gw.create_rest_api(name="first", description="d", tags={"team": "a"}, binaryMediaTypes=["image/png"])
        api_id = api["id"]
        self.assertRegex(api_id, r"^[a-z0-9]{10}$")
        self.assertEqual(api["apiKeySource"], "HEADER")
        self.assertEqual(api["endpointConfiguration"], {"types": ["EDGE"], "ipAddressType": "ipv4"})
        self.assertFalse(api["disableExecuteApiEndpoint"])
        self.assertEqual(api["tags"], {"team": "a"})
        got = self.gw.get_rest_api(restApiId=api_id)
        self.assertEqual((got["name"], got["rootResourceId"]), ("first", api["rootResourceId"]))
        self.assertIn(api_id, [a["id"] for a in self.gw.get_rest_apis()["items"]])
        up = self.gw.update_rest_api(restApiId=api_id, patchOperations=[
            {"op": "replace", "path": "/name", "value": "renamed"},
            {"op": "add", "path": "/binaryMediaTypes/application~1octet-stream"},
            {"op": "remove", "path": "/binaryMediaTypes/image~1png"},
            {"op": "replace", "path": "/apiKeySource", "value": "AUTHORIZER"},
            {"op": "replace", "path": "/minimumCompressionSize", "value": "10"}])
        self.assertEqual(up["name"], "renamed")
        self.assertEqual(up["binaryMediaTypes"], ["application/octet-stream"])
        self.assertEqual(up["apiKeySource"], "AUTHORIZER")
        self.assertEqual(up["minimumCompressionSize"], 10)
        self.assertEqual(self.error(self.gw.update_rest_api, restApiId=api_id, patchOperations=[
            {"op": "replace", "path": "/minimumCompressionSize", "value": "-1"}]),
            ("BadRequestException", "Invalid minimum compression size, must be between 0 and 10485760", 400))
        self.assertEqual(self.error(self.gw.update_rest_api, restApiId=api_id, patchOperations=[
            {"op": "add", "path": "/binaryMediaTypes", "value": "x"}]),
            ("BadRequestException", "Invalid patch path /binaryMediaTypes", 400))
        code, message, status = self.error(self.gw.update_rest_api, restApiId=api_id,
                                           patchOperations=[{"op": "wrong", "path": "/name"}])
        self.assertEqual((code, status), ("ValidationException", 400))
        self.assertIn("updateRestApiInput.patchOperations.1.member.op", message)
        self.assertEqual(self.error(self.gw.create_rest_api, name="x", description=""),
                         ("BadRequestException", "Description cannot be an empty string", 400))
        self.gw.delete_rest_api(restApiId=api_id)
        self.assertEqual(self.error(self.gw.get_rest_api, restApiId=api_id),
                         ("NotFoundException", f"Invalid API identifier specified 000000000000:{api_id}", 404))

    def test_resources_and_proxy_rules(self):
        api_id, root = self.new_api()
        self.assertEqual(self.gw.get_resources(restApiId=api_id)["items"], [{"id": root, "path": "/"}])
        pets = self.gw.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
        self.assertEqual((pets["path"], pets["parentId"], pets["pathPart"]), ("/pets", root, "pets"))
        pet = self.resource(api_id, pets["id"], "{petId}")
        proxy = self.resource(api_id, root, "{proxy+}")
        self.assertEqual(self.error(self.gw.create_resource, restApiId=api_id, parentId=root, pathPart="pets"),
                         ("ConflictException", "Another resource with the same parent already has this name: pets", 409))
        self.assertEqual(self.error(self.gw.create_resource, restApiId=api_id, parentId=root, pathPart="{other}"),
                         ("BadRequestException", "A sibling ({proxy+}) of this resource already has a variable path "
                                                 "part -- only one is allowed", 400))
        self.assertEqual(self.error(self.gw.create_resource, restApiId=api_id, parentId=proxy, pathPart="x"),
                         ("BadRequestException", "Cannot create a child of a resource with a greedy path variable: "
                                                 "{proxy+}", 400))
        code, _, status = self.error(self.gw.create_resource, restApiId=api_id, parentId=root, pathPart="a b")
        self.assertEqual((code, status), ("BadRequestException", 400))
        self.assertEqual(self.error(self.gw.create_resource, restApiId=api_id, parentId="nothere00", pathPart="x"),
                         ("NotFoundException", "Invalid Resource identifier specified", 404))
        toys = self.resource(api_id, pet, "toys")
        self.method(api_id, toys, "GET")
        listed = self.gw.get_resources(restApiId=api_id)["items"]
        self.assertEqual([r["path"] for r in listed], ["/", "/pets", "/pets/{petId}", "/pets/{petId}/toys", "/{proxy+}"])
        self.assertEqual([r for r in listed if r["id"] == toys][0]["resourceMethods"], {"GET": {}})
        embedded = self.gw.get_resources(restApiId=api_id, embed=["methods"])["items"]
        self.assertEqual([r for r in embedded if r["id"] == toys][0]["resourceMethods"]["GET"]["authorizationType"],
                         "NONE")
        # Renaming /pets moves its subtree.
        moved = self.gw.update_resource(restApiId=api_id, resourceId=pets["id"],
                                        patchOperations=[{"op": "replace", "path": "/pathPart", "value": "animals"}])
        self.assertEqual(moved["path"], "/animals")
        self.assertEqual(self.gw.get_resource(restApiId=api_id, resourceId=toys)["path"], "/animals/{petId}/toys")
        self.assertEqual(self.error(self.gw.update_resource, restApiId=api_id, resourceId=pets["id"],
                                    patchOperations=[{"op": "replace", "path": "/parentId", "value": toys}]),
                         ("BadRequestException", "Resources cannot be cyclical.", 400))
        self.assertEqual(self.error(self.gw.update_resource, restApiId=api_id, resourceId=root,
                                    patchOperations=[{"op": "replace", "path": "/pathPart", "value": "x"}]),
                         ("BadRequestException", "Root resource cannot update its pathPart.", 400))
        self.gw.delete_resource(restApiId=api_id, resourceId=pets["id"])
        self.assertEqual(self.error(self.gw.get_resource, restApiId=api_id, resourceId=toys),
                         ("NotFoundException", "Invalid Resource identifier specified", 404))
        self.assertEqual([r["path"] for r in self.gw.get_resources(restApiId=api_id)["items"]], ["/", "/{proxy+}"])

    def test_methods_integrations_and_responses(self):
        api_id, root = self.new_api()
        res = self.resource(api_id, root, "items")
        m = self.method(api_id, res, "GET", apiKeyRequired=True, requestParameters={"method.request.querystring.q": False})
        self.assertEqual((m["httpMethod"], m["authorizationType"], m["apiKeyRequired"]), ("GET", "NONE", True))
        self.assertEqual(self.error(self.gw.put_method, restApiId=api_id, resourceId=res, httpMethod="FETCH",
                                    authorizationType="NONE"),
                         ("BadRequestException", "Invalid HttpMethod specified. Valid options are "
                                                 "GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY", 400))
        self.assertEqual(self.error(self.gw.put_method, restApiId=api_id, resourceId=res, httpMethod="POST",
                                    authorizationType="CUSTOM"),
                         ("BadRequestException", "Invalid authorizer ID specified. Setting the authorization type to "
                                                 "CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.", 400))
        self.assertEqual(self.error(self.gw.get_method, restApiId=api_id, resourceId=res, httpMethod="POST"),
                         ("NotFoundException", "Invalid Method identifier specified", 404))
        self.assertEqual(self.error(self.gw.get_integration, restApiId=api_id, resourceId=res, httpMethod="GET"),
                         ("NotFoundException", "Invalid Integration identifier specified", 404))
        up = self.gw.update_method(restApiId=api_id, resourceId=res, httpMethod="GET", patchOperations=[
            {"op": "replace", "path": "/apiKeyRequired", "value": "false"},
            {"op": "add", "path": "/requestParameters/method.request.header.x", "value": "true"},
            {"op": "remove", "path": "/requestParameters/method.request.querystring.q"}])
        self.assertFalse(up["apiKeyRequired"])
        self.assertEqual(up["requestParameters"], {"method.request.header.x": True})
        self.assertEqual(self.error(self.gw.update_method, restApiId=api_id, resourceId=res, httpMethod="GET",
                                    patchOperations=[{"op": "add", "path": "/apiKeyRequired", "value": "true"}]),
                         ("BadRequestException", "Invalid patch operation specified. Must be one of: [replace]", 400))
        integ = self.gw.put_integration(restApiId=api_id, resourceId=res, httpMethod="GET", type="HTTP_PROXY",
                                        integrationHttpMethod="GET", uri="http://example.com/{proxy}")
        self.assertEqual((integ["type"], integ["httpMethod"], integ["timeoutInMillis"], integ["connectionType"]),
                         ("HTTP_PROXY", "GET", 29000, "INTERNET"))
        self.assertEqual(integ["cacheNamespace"], res)
        for kwargs, message in [
            (dict(type="HTTP_PROXY", uri="http://x"), "Enumeration value for HttpMethod must be non-empty"),
            (dict(type="HTTP_PROXY", integrationHttpMethod="GET", uri="ftp://x"), "Invalid HTTP endpoint specified for URI"),
            (dict(type="AWS_PROXY", integrationHttpMethod="POST", uri="not-an-arn"), "Invalid ARN specified in the request"),
            (dict(type="AWS_PROXY", integrationHttpMethod="POST",
                  uri="arn:aws:lambda:us-east-1:000000000000:function:f"), "AWS ARN for integration must contain path or action"),
            (dict(type="AWS_PROXY", integrationHttpMethod="POST", uri="arn:aws:apigateway:us-east-1:s3:path/b/k"),
             "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations."),
            (dict(type="MOCK", timeoutInMillis=40000), "Timeout should be between 50 ms and 29000 ms"),
        ]:
            self.assertEqual(self.error(self.gw.put_integration, restApiId=api_id, resourceId=res, httpMethod="GET",
                                        **kwargs), ("BadRequestException", message, 400), kwargs)
        code, _, _ = self.error(self.gw.put_integration, restApiId=api_id, resourceId=res, httpMethod="GET", type="AWS",
                                integrationHttpMethod="POST", uri="arn:aws:apigateway:us-east-1:s3:path/b/k")
        self.assertEqual(code, "BadRequestException")  # non-proxy integrations are not there yet
        self.gw.update_integration(restApiId=api_id, resourceId=res, httpMethod="GET", patchOperations=[
            {"op": "replace", "path": "/timeoutInMillis", "value": "1000"}])
        self.assertEqual(self.gw.get_integration(restApiId=api_id, resourceId=res, httpMethod="GET")["timeoutInMillis"],
                         1000)
        self.gw.put_method_response(restApiId=api_id, resourceId=res, httpMethod="GET", statusCode="200",
                                    responseParameters={"method.response.header.x-a": True})
        self.assertEqual(self.gw.get_method_response(restApiId=api_id, resourceId=res, httpMethod="GET",
                                                     statusCode="200")["responseParameters"],
                         {"method.response.header.x-a": True})
        code, message, _ = self.error(self.gw.get_method_response, restApiId=api_id, resourceId=res, httpMethod="GET",
                                      statusCode="wrong")
        self.assertEqual(code, "ValidationException")
        self.assertEqual(self.error(self.gw.get_method_response, restApiId=api_id, resourceId=res, httpMethod="GET",
                                    statusCode="404"),
                         ("NotFoundException", "Invalid Response status code specified", 404))
        self.mock(api_id, res, "GET")  # replaces the HTTP_PROXY integration
        got = self.gw.get_method(restApiId=api_id, resourceId=res, httpMethod="GET")
        self.assertEqual(got["methodIntegration"]["type"], "MOCK")
        self.assertEqual(got["methodIntegration"]["integrationResponses"]["200"]["selectionPattern"], "")
        self.assertIn("200", got["methodResponses"])
        self.gw.delete_integration_response(restApiId=api_id, resourceId=res, httpMethod="GET", statusCode="200")
        self.gw.delete_integration(restApiId=api_id, resourceId=res, httpMethod="GET")
        self.gw.delete_method(restApiId=api_id, resourceId=res, httpMethod="GET")
        self.assertEqual(self.error(self.gw.delete_method, restApiId=api_id, resourceId=res, httpMethod="GET"),
                         ("NotFoundException", "Invalid Method identifier specified", 404))

    def test_deployments_and_stages(self):
        api_id, root = self.new_api()
        self.assertEqual(self.error(self.gw.create_deployment, restApiId=api_id, stageName="dev"),
                         ("BadRequestException", "The REST API doesn't contain any methods", 400))
        self.method(api_id, root, "GET")
        self.assertEqual(self.error(self.gw.create_deployment, restApiId=api_id),
                         ("BadRequestException", "No integration defined for method", 400))
        self.mock(api_id, root, "GET")
        dep = self.gw.create_deployment(restApiId=api_id, stageName="dev", description="first", variables={"v": "1"})
        self.assertRegex(dep["id"], r"^[a-z0-9]{6}$")
        stage = self.gw.get_stage(restApiId=api_id, stageName="dev")
        self.assertEqual((stage["deploymentId"], stage["variables"], stage["cacheClusterStatus"]),
                         (dep["id"], {"v": "1"}, "NOT_AVAILABLE"))
        self.assertEqual(self.gw.get_deployment(restApiId=api_id, deploymentId=dep["id"], embed=["apisummary"])
                         ["apiSummary"], {"/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": False}}})
        dep2 = self.gw.create_deployment(restApiId=api_id)
        self.gw.create_stage(restApiId=api_id, stageName="prod", deploymentId=dep2["id"], variables={"env": "p"},
                             tags={"k": "v"})
        self.assertEqual(self.error(self.gw.create_stage, restApiId=api_id, stageName="prod", deploymentId=dep2["id"]),
                         ("ConflictException", "Stage already exists", 409))
        self.assertEqual(self.error(self.gw.create_stage, restApiId=api_id, stageName="x", deploymentId="nope00"),
                         ("NotFoundException", "Invalid Deployment identifier specified", 404))
        self.assertEqual([s["stageName"] for s in self.gw.get_stages(restApiId=api_id)["item"]], ["dev", "prod"])
        self.assertEqual([s["stageName"] for s in self.gw.get_stages(restApiId=api_id, deploymentId=dep2["id"])["item"]],
                         ["prod"])
        up = self.gw.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
            {"op": "replace", "path": "/variables/color", "value": "blue"},
            {"op": "remove", "path": "/variables/env"},
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "5"},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "2"},
            {"op": "replace", "path": "/deploymentId", "value": dep["id"]}])
        self.assertEqual(up["variables"], {"color": "blue"})
        self.assertEqual(up["methodSettings"]["*/*"]["throttlingBurstLimit"], 2)
        self.assertEqual(up["methodSettings"]["*/*"]["throttlingRateLimit"], 5.0)
        self.assertEqual(up["deploymentId"], dep["id"])
        self.assertEqual(self.error(self.gw.delete_deployment, restApiId=api_id, deploymentId=dep["id"]),
                         ("BadRequestException", "Active stages pointing to this deployment must be moved or deleted", 400))
        self.gw.delete_deployment(restApiId=api_id, deploymentId=dep2["id"])
        self.assertEqual([d["id"] for d in self.gw.get_deployments(restApiId=api_id)["items"]], [dep["id"]])
        self.gw.update_deployment(restApiId=api_id, deploymentId=dep["id"],
                                  patchOperations=[{"op": "replace", "path": "/description", "value": "renamed"}])
        self.assertEqual(self.gw.get_deployment(restApiId=api_id, deploymentId=dep["id"])["description"], "renamed")
        self.gw.flush_stage_authorizers_cache(restApiId=api_id, stageName="dev")
        self.gw.delete_stage(restApiId=api_id, stageName="prod")
        self.assertEqual(self.error(self.gw.get_stage, restApiId=api_id, stageName="prod"),
                         ("NotFoundException", "Invalid Stage identifier specified", 404))

    def test_authorizers(self):
        api_id, root = self.new_api()
        fn = "arn:aws:lambda:us-east-1:000000000000:function:authz"
        token = self.gw.create_authorizer(restApiId=api_id, name="tok", type="TOKEN", authorizerUri=lambda_uri(fn),
                                          identitySource="method.request.header.Authorization",
                                          identityValidationExpression="^Bearer .+$")
        self.assertEqual((token["type"], token["authorizerResultTtlInSeconds"]), ("TOKEN", 300))
        req = self.gw.create_authorizer(restApiId=api_id, name="req", type="REQUEST", authorizerUri=lambda_uri(fn),
                                        identitySource="method.request.header.x-a, method.request.querystring.q",
                                        authorizerResultTtlInSeconds=0)
        code, _, _ = self.error(self.gw.create_authorizer, restApiId=api_id, name="bad", type="TOKEN",
                                authorizerUri=lambda_uri(fn), identitySource="method.request.querystring.q")
        self.assertEqual(code, "BadRequestException")
        self.method(api_id, root, "GET", authorizationType="CUSTOM", authorizerId=token["id"])
        up = self.gw.update_authorizer(restApiId=api_id, authorizerId=req["id"], patchOperations=[
            {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "60"}])
        self.assertEqual(up["authorizerResultTtlInSeconds"], 60)
        self.assertEqual(len(self.gw.get_authorizers(restApiId=api_id)["items"]), 2)
        self.assertEqual(self.error(self.gw.delete_authorizer, restApiId=api_id, authorizerId=token["id"])[0],
                         "ConflictException")
        self.gw.delete_authorizer(restApiId=api_id, authorizerId=req["id"])
        self.assertEqual(self.error(self.gw.get_authorizer, restApiId=api_id, authorizerId=req["id"]),
                         ("NotFoundException", "Invalid Authorizer identifier specified", 404))

    def test_api_keys_and_usage_plans(self):
        key = self.gw.create_api_key(name="k-one", enabled=True, value="a" * 30)
        self.assertEqual((key["value"], key["enabled"], key["stageKeys"]), ("a" * 30, True, []))
        gen = self.gw.create_api_key(name="k-two")
        self.assertEqual(len(gen["value"]), 40)
        self.assertFalse(gen["enabled"])
        self.assertNotIn("value", self.gw.get_api_key(apiKey=key["id"]))
        self.assertEqual(self.gw.get_api_key(apiKey=key["id"], includeValue=True)["value"], "a" * 30)
        listed = self.gw.get_api_keys(nameQuery="k-", includeValues=True)["items"]
        self.assertEqual([k["id"] for k in listed], [gen["id"], key["id"]])  # newest first
        self.assertEqual(self.gw.get_api_keys(nameQuery="K-")["items"], [])
        self.assertEqual(self.error(self.gw.create_api_key, value="short"),
                         ("BadRequestException", "API Key value should be at least 20 characters", 400))
        self.assertEqual(self.error(self.gw.create_api_key, value="b" * 129),
                         ("BadRequestException", "API Key value exceeds maximum size of 128 characters", 400))
        self.assertEqual(self.error(self.gw.update_api_key, apiKey=key["id"],
                                    patchOperations=[{"op": "replace", "path": "/id", "value": "x"}]),
                         ("BadRequestException", "Invalid patch path  '/id' specified for op 'replace'. Must be one "
                                                 "of: [/description, /enabled, /name, /customerId]", 400))
        self.assertFalse(self.gw.update_api_key(apiKey=gen["id"], patchOperations=[
            {"op": "replace", "path": "/enabled", "value": "false"}])["enabled"])

        api_id, root = self.new_api()
        self.method(api_id, root, "GET")
        self.mock(api_id, root, "GET")
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        plan = self.gw.create_usage_plan(name="plan", apiStages=[{"apiId": api_id, "stage": "dev"}],
                                         throttle={"burstLimit": 10, "rateLimit": 5.0},
                                         quota={"limit": 100, "period": "WEEK", "offset": 1})
        self.assertEqual(plan["quota"], {"limit": 100, "offset": 1, "period": "WEEK"})
        self.assertEqual(self.error(self.gw.create_usage_plan, name="p2", apiStages=[{"apiId": api_id, "stage": "no"}])[0],
                         "NotFoundException")
        self.assertEqual(self.error(self.gw.update_usage_plan, usagePlanId=plan["id"], patchOperations=[
            {"op": "add", "path": "/apiStages", "value": "nocolon"}]),
            ("BadRequestException", "Invalid API Stage specified", 400))
        self.assertEqual(self.error(self.gw.get_usage_plan, usagePlanId="nope00"),
                         ("NotFoundException", "Invalid Usage Plan ID specified", 404))
        pk = self.gw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        self.assertEqual(pk, {**pk, "id": key["id"], "type": "API_KEY", "value": "a" * 30, "name": "k-one"})
        self.assertEqual(self.error(self.gw.create_usage_plan_key, usagePlanId=plan["id"], keyId=key["id"],
                                    keyType="API_KEY")[0], "ConflictException")
        other = self.gw.create_usage_plan(name="other", apiStages=[{"apiId": api_id, "stage": "dev"}])
        self.assertEqual(self.error(self.gw.create_usage_plan_key, usagePlanId=other["id"], keyId=key["id"],
                                    keyType="API_KEY")[0], "ConflictException")  # one plan per key and stage
        self.assertEqual([k["id"] for k in self.gw.get_usage_plan_keys(usagePlanId=plan["id"])["items"]], [key["id"]])
        self.assertEqual([p["id"] for p in self.gw.get_usage_plans(keyId=key["id"])["items"]], [plan["id"]])
        up = self.gw.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
            {"op": "replace", "path": "/throttle/burstLimit", "value": "3"},
            {"op": "replace", "path": "/quota/limit", "value": "7"},
            {"op": "replace", "path": "/quota/period", "value": "DAY"},
            {"op": "replace", "path": "/quota/offset", "value": "0"}])
        self.assertEqual((up["throttle"]["burstLimit"], up["quota"]), (3, {"limit": 7, "offset": 0, "period": "DAY"}))
        today = time.strftime("%Y-%m-%d", time.gmtime())
        usage = self.gw.get_usage(usagePlanId=plan["id"], startDate=today, endDate=today)
        self.assertEqual(usage["items"], {key["id"]: [[0, 7]]})
        arn = f"arn:aws:apigateway:{REGION}::/usageplans/{plan['id']}"
        self.gw.tag_resource(resourceArn=arn, tags={"t": "1"})
        self.assertEqual(self.gw.get_tags(resourceArn=arn)["tags"], {"t": "1"})
        self.gw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
        self.assertEqual(self.gw.get_usage_plan_keys(usagePlanId=plan["id"])["items"], [])
        self.gw.delete_usage_plan(usagePlanId=other["id"])
        self.gw.delete_api_key(apiKey=gen["id"])
        self.assertEqual(self.error(self.gw.get_api_key, apiKey=gen["id"]),
                         ("NotFoundException", "Invalid API Key identifier specified", 404))

    def test_tags(self):
        api_id, _ = self.new_api(tags={"a": "1"})
        arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}"
        self.gw.tag_resource(resourceArn=arn, tags={"b": "2"})
        self.assertEqual(self.gw.get_tags(resourceArn=arn)["tags"], {"a": "1", "b": "2"})
        self.gw.untag_resource(resourceArn=arn, tagKeys=["a"])
        self.assertEqual(self.gw.get_tags(resourceArn=arn)["tags"], {"b": "2"})
        self.assertEqual(self.error(self.gw.get_tags, resourceArn=f"arn:aws:apigateway:{REGION}::/restapis/zzzzzzzzzz")[0],
                         "NotFoundException")

    def test_aws_cli(self):
        out = json.loads(self.c.aws_cli("apigateway", "create-rest-api", "--name", "cli").stdout)
        res = json.loads(self.c.aws_cli("apigateway", "get-resources", "--rest-api-id", out["id"]).stdout)
        self.assertEqual(res["items"][0]["path"], "/")
        self.c.aws_cli("apigateway", "put-method", "--rest-api-id", out["id"], "--resource-id", out["rootResourceId"],
                       "--http-method", "GET", "--authorization-type", "NONE")
        self.c.aws_cli("apigateway", "put-integration", "--rest-api-id", out["id"], "--resource-id",
                       out["rootResourceId"], "--http-method", "GET", "--type", "MOCK", "--request-templates",
                       '{"application/json": "{\\"statusCode\\": 200}"}')
        self.c.aws_cli("apigateway", "put-integration-response", "--rest-api-id", out["id"], "--resource-id",
                       out["rootResourceId"], "--http-method", "GET", "--status-code", "200", "--selection-pattern", "")
        dep = json.loads(self.c.aws_cli("apigateway", "create-deployment", "--rest-api-id", out["id"],
                                        "--stage-name", "cli").stdout)
        stages = json.loads(self.c.aws_cli("apigateway", "get-stages", "--rest-api-id", out["id"]).stdout)
        self.assertEqual(stages["item"][0]["deploymentId"], dep["id"])
        failed = self.c.aws_cli("apigateway", "get-rest-api", "--rest-api-id", "nope", check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("NotFoundException", failed.stderr)


if __name__ == "__main__":
    unittest.main()
