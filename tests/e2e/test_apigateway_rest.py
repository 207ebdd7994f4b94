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
from http.server import ThreadingHTTPServer

from harness import Cloudlet
from test_apigateway_http import BackendHandler  # the HTTP_PROXY backend: answers with what it received
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
        r, body = self.request(out["id"], "GET", "/cli")
        self.assertEqual((r.status, body), (200, b""))
        failed = self.c.aws_cli("apigateway", "get-rest-api", "--rest-api-id", "nope", check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("NotFoundException", failed.stderr)



PY_ECHO = """
import json
def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
"""

# Answers what the request's x-answer header says, so one function covers every response rule.
PY_SHAPES = """
import json, time, base64
def handler(event, context):
    kind = (event.get("headers") or {}).get("x-answer", "plain")
    if kind == "plain":
        return {"statusCode": 201, "headers": {"x-a": "b", "x-bool": True}, "body": "created"}
    if kind == "multi":
        return {"statusCode": 200, "headers": {"x-one": "single", "x-m": "solo"},
                "multiValueHeaders": {"x-m": ["m1", "m2"], "Set-Cookie": ["a=1", "b=2"]}, "body": "multi"}
    if kind == "binary":
        return {"statusCode": 200, "headers": {"content-type": "image/png"},
                "body": base64.b64encode(bytes([0, 255, 1])).decode(), "isBase64Encoded": True}
    if kind == "no-status":
        return {"headers": {"x-a": "b"}}
    if kind == "string-status":
        return {"statusCode": "202"}
    if kind == "extra":
        return {"statusCode": 200, "wrongValue": "x"}
    if kind == "bad-status":
        return {"statusCode": "test"}
    if kind == "just-string":
        return "justAString"
    if kind == "fail":
        raise RuntimeError("boom")
    if kind == "slow":
        time.sleep(3)
        return {"statusCode": 200, "body": "late"}
    return {"statusCode": 400, "body": "unknown " + kind}
"""

NODE_ECHO = """
exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" },
                                       body: JSON.stringify(event) });
"""


class DataPlaneTest(RestBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_function("py-echo", "python3.12", "app.handler", {"app.py": PY_ECHO})
        cls.create_function("py-shapes", "python3.12", "app.handler", {"app.py": PY_SHAPES})
        cls.create_function("node-echo", "nodejs20.x", "index.handler", {"index.js": NODE_ECHO})

    def proxy_api(self, function="py-echo", stage="dev", **kwargs):
        """An API with ANY /{proxy+} and ANY / to `function`, deployed to `stage`."""
        api_id, root = self.new_api(**kwargs)
        proxy = self.resource(api_id, root, "{proxy+}")
        for res in (root, proxy):
            self.method(api_id, res, "ANY")
            self.lambda_proxy(api_id, res, function)
        self.gw.create_deployment(restApiId=api_id, stageName=stage)
        return api_id

    def test_proxy_event_in_both_url_forms(self):
        api_id = self.proxy_api()
        self.gw.update_stage(restApiId=api_id, stageName="dev",
                             patchOperations=[{"op": "replace", "path": "/variables/color", "value": "blue"}])
        r, body = self.request(api_id, "POST", "/dev/pets/7?a=1&a=2&b=x%20y", body=b'{"k":1}',
                               headers={"Content-Type": "application/json", "X-Multi": "one", "User-Agent": "e2e/1"})
        self.assertEqual(r.status, 200, body)
        e = json.loads(body)
        self.assertEqual((e["resource"], e["path"], e["httpMethod"]), ("/{proxy+}", "/pets/7", "POST"))
        self.assertNotIn("version", e)
        self.assertEqual(e["headers"]["X-Multi"], "one")  # REST keeps the names as sent
        self.assertEqual(e["multiValueHeaders"]["X-Multi"], ["one"])
        self.assertEqual(e["headers"]["X-Forwarded-Proto"], "http")
        self.assertTrue(e["headers"]["X-Amzn-Trace-Id"].startswith("Root=1-"))
        self.assertEqual(e["queryStringParameters"], {"a": "2", "b": "x y"})
        self.assertEqual(e["multiValueQueryStringParameters"], {"a": ["1", "2"], "b": ["x y"]})
        self.assertEqual(e["pathParameters"], {"proxy": "pets/7"})
        self.assertEqual(e["stageVariables"], {"color": "blue"})
        self.assertEqual((e["body"], e["isBase64Encoded"]), ('{"k":1}', False))
        rc = e["requestContext"]
        self.assertEqual((rc["apiId"], rc["stage"], rc["path"], rc["resourcePath"]),
                         (api_id, "dev", "/dev/pets/7", "/{proxy+}"))
        self.assertEqual(rc["accountId"], "000000000000")
        self.assertEqual(rc["requestId"], r.getheader("x-amzn-RequestId"))
        self.assertRegex(rc["requestId"], r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        self.assertEqual(rc["extendedRequestId"], r.getheader("x-amz-apigw-id"))
        self.assertEqual(rc["deploymentId"], self.gw.get_stage(restApiId=api_id, stageName="dev")["deploymentId"])
        self.assertEqual((rc["identity"]["sourceIp"], rc["identity"]["userAgent"]), ("127.0.0.1", "e2e/1"))
        self.assertIsNone(rc["identity"]["accessKey"])
        self.assertNotIn("authorizer", rc)
        self.assertIn("resourceId", rc)
        self.assertEqual(r.getheader("X-Amzn-Trace-Id"), e["headers"]["X-Amzn-Trace-Id"])
        # The path form, and the root resource with no path parameters.
        r, body = self.request(api_id, "GET", "/dev", host_form=False,
                               headers={"X-Amzn-Trace-Id": "Root=1-5e1b4151-5ac6c58f4b1b4c4f8a8c1f2e"})
        self.assertEqual(r.status, 200, body)
        e = json.loads(body)
        self.assertEqual((e["resource"], e["path"], e["pathParameters"], e["body"]), ("/", "/", None, None))
        self.assertEqual(e["headers"]["X-Amzn-Trace-Id"], "Root=1-5e1b4151-5ac6c58f4b1b4c4f8a8c1f2e")
        self.assertIsNone(e["queryStringParameters"])

    def test_unmatched_and_missing_stage_are_missing_authentication_token(self):
        api_id, root = self.new_api()
        pets = self.resource(api_id, root, "pets")
        self.method(api_id, pets, "GET")
        self.mock(api_id, pets, "GET", body='{"ok":true}')
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        self.assertEqual(self.request(api_id, "GET", "/dev/pets")[0].status, 200)
        for method, path in [("POST", "/dev/pets"), ("GET", "/dev/nothing"), ("GET", "/dev"), ("GET", "/prod/pets"),
                             ("GET", "/")]:
            r, body = self.request(api_id, method, path)
            self.assertEqual((r.status, json.loads(body)), (403, {"message": "Missing Authentication Token"}), path)
            self.assertEqual(r.getheader("x-amzn-ErrorType"), "MissingAuthenticationTokenException")
        r, body = self.request("zzzzzzzzzz", "GET", "/dev/pets")
        self.assertEqual(r.status, 404)
        # Changes serve only once deployed.
        self.method(api_id, pets, "POST")
        self.mock(api_id, pets, "POST", status="202")
        self.assertEqual(self.request(api_id, "POST", "/dev/pets")[0].status, 403)
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        self.assertEqual(self.request(api_id, "POST", "/dev/pets")[0].status, 202)

    def test_resource_precedence_and_path_parameters(self):
        api_id, root = self.new_api()
        pets = self.resource(api_id, root, "pets")
        pet = self.resource(api_id, pets, "{petId}")
        dog = self.resource(api_id, pets, "dog")
        proxy = self.resource(api_id, root, "{proxy+}")
        for res, method in [(pet, "GET"), (dog, "GET"), (proxy, "ANY"), (pets, "POST")]:
            self.method(api_id, res, method)
            self.lambda_proxy(api_id, res, "py-echo", http_method=method)
        self.gw.create_deployment(restApiId=api_id, stageName="v1")
        cases = [("GET", "/v1/pets/dog", "/pets/dog", None), ("GET", "/v1/pets/7", "/pets/{petId}", {"petId": "7"}),
                 ("GET", "/v1/pets", "/{proxy+}", {"proxy": "pets"}),
                 ("POST", "/v1/pets/", "/pets", None),
                 ("DELETE", "/v1/pets/7", "/{proxy+}", {"proxy": "pets/7"}),
                 ("GET", "/v1/a/b/c", "/{proxy+}", {"proxy": "a/b/c"})]
        for method, path, resource, params in cases:
            r, body = self.request(api_id, method, path)
            self.assertEqual(r.status, 200, (path, body))
            e = json.loads(body)
            self.assertEqual((e["resource"], e["pathParameters"]), (resource, params), path)

    def test_node_function(self):
        api_id = self.proxy_api("node-echo", stage="prod")
        r, body = self.request(api_id, "GET", "/prod/users/42?x=1", headers={"X-Multi": "a"})
        self.assertEqual(r.status, 200, body)
        e = json.loads(body)
        self.assertEqual((e["path"], e["pathParameters"], e["queryStringParameters"]),
                         ("/users/42", {"proxy": "users/42"}, {"x": "1"}))
        self.assertEqual(e["requestContext"]["stage"], "prod")

    def test_response_rules(self):
        api_id = self.proxy_api("py-shapes", binaryMediaTypes=["image/png"])
        def get(kind, **headers):
            return self.request(api_id, "GET", "/dev/x", headers={"x-answer": kind, **headers})
        r, body = get("plain")
        self.assertEqual((r.status, body, r.getheader("x-a"), r.getheader("x-bool")), (201, b"created", "b", "true"))
        self.assertEqual(r.getheader("content-type"), "application/json")
        r, body = get("multi")
        self.assertEqual((r.status, body), (200, b"multi"))
        self.assertEqual(r.headers.get_all("x-m"), ["m1", "m2", "solo"])
        self.assertEqual(r.headers.get_all("set-cookie"), ["a=1", "b=2"])
        r, body = get("no-status")
        self.assertEqual((r.status, body, r.getheader("x-a")), (200, b"", "b"))
        self.assertEqual(get("string-status")[0].status, 202)
        # Binary: decoded only when the client accepts a binary media type.
        r, body = get("binary", Accept="image/png")
        self.assertEqual((r.status, body), (200, bytes([0, 255, 1])))
        r, body = get("binary")
        self.assertEqual(body, base64.b64encode(bytes([0, 255, 1])))
        for kind in ["extra", "bad-status", "just-string", "fail"]:
            r, body = get(kind)
            self.assertEqual((r.status, body), (502, b'{"message": "Internal server error"}'), kind)
            self.assertEqual(r.getheader("x-amzn-ErrorType"), "InternalServerErrorException")
        # A binary request body reaches the function base64-encoded.
        echo = self.proxy_api("py-echo", binaryMediaTypes=["application/octet-stream"])
        r, body = self.request(echo, "PUT", "/dev/bin", body=bytes([0, 255, 7]),
                               headers={"Content-Type": "application/octet-stream"})
        e = json.loads(body)
        self.assertTrue(e["isBase64Encoded"])
        self.assertEqual(base64.b64decode(e["body"]), bytes([0, 255, 7]))
        r, body = self.request(echo, "PUT", "/dev/bin", body=b"text", headers={"Content-Type": "text/plain"})
        self.assertEqual((json.loads(body)["body"], json.loads(body)["isBase64Encoded"]), ("text", False))

    def test_integration_timeout(self):
        api_id, root = self.new_api()
        self.method(api_id, root, "GET")
        self.lambda_proxy(api_id, root, "py-shapes", http_method="GET", timeoutInMillis=1000)
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        started = time.monotonic()
        r, body = self.request(api_id, "GET", "/dev", headers={"x-answer": "slow"})
        elapsed = time.monotonic() - started
        self.assertEqual((r.status, body), (504, b'{"message": "Endpoint request timed out"}'))
        self.assertGreaterEqual(elapsed, 0.9)
        self.assertLess(elapsed, 2.5)

    def test_mock_integration(self):
        api_id, root = self.new_api()
        res = self.resource(api_id, root, "mock")
        self.method(api_id, res, "OPTIONS")
        self.mock(api_id, res, "OPTIONS", status="204", headers={"Access-Control-Allow-Origin": "*",
                                                                 "Access-Control-Allow-Methods": "GET,POST"})
        self.method(api_id, res, "GET")
        self.gw.put_integration(restApiId=api_id, resourceId=res, httpMethod="GET", type="MOCK",
                                requestTemplates={"application/json": '{"statusCode": 404}'})
        for code, pattern, template in [("200", "", '{"found": true}'), ("404", "4\\d\\d", '{"found": false}')]:
            self.gw.put_integration_response(restApiId=api_id, resourceId=res, httpMethod="GET", statusCode=code,
                                             selectionPattern=pattern, responseTemplates={"application/json": template})
        self.method(api_id, res, "POST")
        self.gw.put_integration(restApiId=api_id, resourceId=res, httpMethod="POST", type="MOCK",
                                requestTemplates={"application/json": '{"statusCode": 200}'})
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        r, body = self.request(api_id, "OPTIONS", "/dev/mock")
        self.assertEqual((r.status, body), (204, b""))
        self.assertEqual(r.getheader("access-control-allow-origin"), "*")
        self.assertEqual(r.getheader("access-control-allow-methods"), "GET,POST")
        r, body = self.request(api_id, "GET", "/dev/mock")
        self.assertEqual((r.status, json.loads(body)), (404, {"found": False}))
        r, body = self.request(api_id, "POST", "/dev/mock")  # no integration response: configuration error
        self.assertEqual((r.status, body), (500, b'{"message": "Internal server error"}'))

    def test_http_proxy(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), BackendHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        port = server.server_address[1]
        api_id, root = self.new_api()
        api_res = self.resource(api_id, root, "api")
        proxy = self.resource(api_id, api_res, "{proxy+}")
        self.method(api_id, proxy, "ANY")
        self.gw.put_integration(restApiId=api_id, resourceId=proxy, httpMethod="ANY", type="HTTP_PROXY",
                                integrationHttpMethod="ANY", uri=f"http://127.0.0.1:{port}/backend/{{proxy}}")
        fixed = self.resource(api_id, root, "fixed")
        self.method(api_id, fixed, "GET")
        self.gw.put_integration(restApiId=api_id, resourceId=fixed, httpMethod="GET", type="HTTP_PROXY",
                                integrationHttpMethod="POST", timeoutInMillis=500,
                                uri=f"http://127.0.0.1:{port}/${{stageVariables.where}}")
        self.gw.create_deployment(restApiId=api_id, stageName="dev", variables={"where": "fixed-path"})
        r, body = self.request(api_id, "PUT", "/dev/api/a/b?q=1", body=b"payload", headers={"X-Custom": "c"})
        self.assertEqual((r.status, r.getheader("x-backend")), (207, "yes"), body)
        got = json.loads(body)
        self.assertEqual((got["method"], got["path"], got["body"]), ("PUT", "/backend/a/b?q=1", "payload"))
        self.assertEqual(got["headers"]["x-custom"], "c")
        self.assertEqual(got["headers"]["x-amzn-apigateway-api-id"], api_id)
        self.assertTrue(got["headers"]["x-amzn-trace-id"].startswith("Root=1-"))
        r, body = self.request(api_id, "GET", "/dev/fixed")
        self.assertEqual((json.loads(body)["method"], json.loads(body)["path"]), ("POST", "/fixed-path"))
        self.gw.update_stage(restApiId=api_id, stageName="dev",
                             patchOperations=[{"op": "replace", "path": "/variables/where", "value": "slow"}])
        r, body = self.request(api_id, "GET", "/dev/fixed")
        self.assertEqual((r.status, body), (504, b'{"message": "Endpoint request timed out"}'))

    def test_stage_throttling(self):
        api_id = self.proxy_api("py-shapes")
        self.gw.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "2"},
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "0.01"}])
        statuses = [self.request(api_id, "GET", "/dev/x")[0].status for _ in range(4)]
        self.assertEqual(statuses, [201, 201, 429, 429])
        r, body = self.request(api_id, "GET", "/dev/x")
        self.assertEqual((json.loads(body), r.getheader("x-amzn-ErrorType")),
                         ({"message": "Too Many Requests"}, "TooManyRequestsException"))
        # A setting for one method overrides */*.
        self.gw.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
            {"op": "replace", "path": "/~1{proxy+}/ANY/throttling/burstLimit", "value": "100"}])
        self.assertEqual(self.request(api_id, "GET", "/dev/x")[0].status, 201)

    def test_access_logs_and_metrics(self):
        logs = self.c.client("logs")
        logs.create_log_group(logGroupName="rest-access")
        api_id = self.proxy_api("py-shapes")
        fmt = ('{"requestId":"$context.requestId","status":"$context.status","resourcePath":"$context.resourcePath",'
               '"ip":"$context.identity.sourceIp","method":"$context.httpMethod","type":"$context.error.responseType",'
               '"err":"$context.integrationErrorMessage"}')
        self.gw.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
            {"op": "replace", "path": "/accessLogSettings/destinationArn",
             "value": "arn:aws:logs:us-east-1:000000000000:log-group:rest-access"},
            {"op": "replace", "path": "/accessLogSettings/format", "value": fmt}])
        r1, _ = self.request(api_id, "GET", "/dev/one")
        r2, _ = self.request(api_id, "POST", "/dev/two", headers={"x-answer": "fail"})
        r3, _ = self.request(api_id, "GET", "/nostage/x")
        wanted = {r1.getheader("x-amzn-RequestId"), r2.getheader("x-amzn-RequestId")}
        lines = []
        for _ in range(50):
            events = logs.filter_log_events(logGroupName="rest-access")["events"]
            lines = [json.loads(e["message"]) for e in events]
            if wanted <= {l["requestId"] for l in lines}:
                break
            time.sleep(0.1)
        by_id = {l["requestId"]: l for l in lines}
        self.assertEqual(by_id[r1.getheader("x-amzn-RequestId")],
                         {"requestId": r1.getheader("x-amzn-RequestId"), "status": "201", "resourcePath": "/{proxy+}",
                          "ip": "127.0.0.1", "method": "GET", "type": "-", "err": "-"})
        failed = by_id[r2.getheader("x-amzn-RequestId")]
        self.assertEqual((failed["status"], failed["type"]), ("502", "INTEGRATION_FAILURE"))
        self.assertIn("error", failed["err"])
        conn = http.client.HTTPConnection(self.c.host, self.c.port, timeout=10)
        conn.request("GET", "/_cloudlet/metrics")
        text = conn.getresponse().read().decode()
        conn.close()
        labels = f'api_id="{api_id}",stage="dev",route="ANY /{{proxy+}}"'
        self.assertIn(f'cloudlet_apigateway_requests_total{{{labels},status="201"}} 1', text)
        self.assertIn(f'cloudlet_apigateway_requests_total{{{labels},status="502"}} 1', text)
        self.assertIn(f"cloudlet_apigateway_5xx_total{{{labels}}} 1", text)
        self.assertIn(f'cloudlet_apigateway_4xx_total{{api_id="{api_id}",stage="-",route="-"}} 1', text)

    def test_disabled_execute_api_endpoint_and_iam(self):
        api_id, root = self.new_api(disableExecuteApiEndpoint=True)
        self.method(api_id, root, "GET")
        self.mock(api_id, root, "GET")
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        r, body = self.request(api_id, "GET", "/dev")
        self.assertEqual((r.status, json.loads(body)), (403, {"message": "Forbidden"}))
        iam_id, root = self.new_api()
        self.method(iam_id, root, "GET", authorizationType="AWS_IAM")
        self.lambda_proxy(iam_id, root, "py-echo", http_method="GET")
        self.gw.create_deployment(restApiId=iam_id, stageName="dev")
        r, body = self.request(iam_id, "GET", "/dev")
        self.assertEqual((r.status, json.loads(body)), (403, {"message": "Missing Authentication Token"}))
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        req = AWSRequest(method="GET", url=f"http://{iam_id}.execute-api.localhost:{self.c.port}/dev")
        SigV4Auth(Credentials("test", "test"), "execute-api", REGION).add_auth(req)
        r, body = self.request(iam_id, "GET", "/dev", headers=dict(req.headers.items()))
        self.assertEqual(r.status, 200, body)
        identity = json.loads(body)["requestContext"]["identity"]
        self.assertEqual((identity["accessKey"], identity["accountId"]), ("test", "000000000000"))



class ApiKeyTest(RestBase):
    def keyed_api(self):
        api_id, root = self.new_api()
        self.method(api_id, root, "GET", apiKeyRequired=True)
        self.mock(api_id, root, "GET", body='{"ok":true}')
        open_res = self.resource(api_id, root, "open")
        self.method(api_id, open_res, "GET")
        self.mock(api_id, open_res, "GET")
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        return api_id

    def call(self, api_id, key=None, path="/dev"):
        r, body = self.request(api_id, "GET", path, headers={"x-api-key": key} if key else {})
        return r.status, (json.loads(body) if body else None), r.getheader("x-amzn-ErrorType")

    def test_keys_throttle_and_quota(self):
        api_id = self.keyed_api()
        key = self.gw.create_api_key(name="k", enabled=True)
        forbidden = (403, {"message": "Forbidden"}, "ForbiddenException")
        self.assertEqual(self.call(api_id), forbidden)
        self.assertEqual(self.call(api_id, key["value"]), forbidden)  # in no usage plan yet
        self.assertEqual(self.call(api_id, path="/dev/open")[0], 200)  # methods without apiKeyRequired
        plan = self.gw.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": "dev"}],
                                         throttle={"burstLimit": 2, "rateLimit": 0.01},
                                         quota={"limit": 3, "period": "DAY"})
        self.gw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        self.assertEqual(self.call(api_id, "x" * 40), forbidden)
        self.assertEqual(self.call(api_id, key["value"])[:2], (200, {"ok": True}))
        self.assertEqual(self.call(api_id, key["value"])[0], 200)
        self.assertEqual(self.call(api_id, key["value"]),
                         (429, {"message": "Too Many Requests"}, "TooManyRequestsException"))
        # A larger bucket: the quota (3 a day, 2 used) is what stops it now.
        self.gw.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
            {"op": "replace", "path": "/throttle/burstLimit", "value": "100"},
            {"op": "replace", "path": "/throttle/rateLimit", "value": "100"}])
        self.assertEqual(self.call(api_id, key["value"])[0], 200)
        self.assertEqual(self.call(api_id, key["value"]), (429, {"message": "Limit Exceeded"}, "LimitExceededException"))
        today = time.strftime("%Y-%m-%d", time.gmtime())
        usage = self.gw.get_usage(usagePlanId=plan["id"], startDate=today, endDate=today)
        self.assertEqual(usage["items"], {key["id"]: [[3, 0]]})
        # A disabled key is refused; a key of another stage too.
        self.gw.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}])
        self.assertEqual(self.call(api_id, key["value"]), forbidden)

    def test_key_identity_reaches_the_function(self):
        lam = self.create_function("key-echo", "python3.12", "app.handler", {"app.py": PY_ECHO})
        api_id, root = self.new_api()
        self.method(api_id, root, "GET", apiKeyRequired=True)
        self.lambda_proxy(api_id, root, "key-echo", http_method="GET")
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        key = self.gw.create_api_key(name="id", enabled=True, value="v" * 24)
        plan = self.gw.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": "dev"}])
        self.gw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        r, body = self.request(api_id, "GET", "/dev", headers={"X-API-Key": "v" * 24})
        self.assertEqual(r.status, 200, body)
        identity = json.loads(body)["requestContext"]["identity"]
        self.assertEqual((identity["apiKey"], identity["apiKeyId"]), ("v" * 24, key["id"]))


AUTHZ_TOKEN = """
def handler(event, context):
    assert event["type"] == "TOKEN", event
    token = event["authorizationToken"]
    if token == "Bearer unauthorized":
        raise Exception("Unauthorized")
    if token == "Bearer broken":
        raise RuntimeError("broken")
    if token == "Bearer nested":
        return {"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]},
            "context": {"nested": {"a": 1}}}
    effect = "Deny" if token == "Bearer deny" else "Allow"
    # Allow only GET on any path of this stage; "Bearer other" allows a different method.
    arn = event["methodArn"].split("/")
    verb = "POST" if token == "Bearer other" else "GET"
    resource = "/".join(arn[:2] + [verb, "*"])
    return {"principalId": "user-" + token.split()[-1],
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]},
            "context": {"tier": "gold", "n": 7, "ok": True},
            "usageIdentifierKey": "u" * 30}
"""

AUTHZ_REQUEST = """
def handler(event, context):
    assert event["type"] == "REQUEST", event
    h = event["headers"]
    assert event["stageVariables"] == {"v": "1"}, event
    assert event["requestContext"]["stage"] == "dev", event
    allow = h.get("x-user") == "alice" and event["queryStringParameters"].get("q") == "1"
    return {"principalId": h.get("x-user", "nobody"),
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow" if allow else "Deny", "Resource": event["methodArn"]}]},
            "context": {"path": event["path"], "param": event["pathParameters"]["id"]}}
"""


class AuthorizerTest(RestBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_function("py-echo", "python3.12", "app.handler", {"app.py": PY_ECHO})
        cls.create_function("authz-token", "python3.12", "app.handler", {"app.py": AUTHZ_TOKEN})
        cls.create_function("authz-request", "python3.12", "app.handler", {"app.py": AUTHZ_REQUEST})

    def invocations(self, function):
        logs = self.c.client("logs")
        try:
            events = logs.filter_log_events(logGroupName=f"/aws/lambda/{function}")["events"]
        except logs.exceptions.ResourceNotFoundException:
            return 0
        return sum(1 for e in events if e["message"].startswith("START"))

    def wait_invocations(self, function, count):
        for _ in range(50):
            if self.invocations(function) >= count:
                break
            time.sleep(0.1)
        return self.invocations(function)

    def test_token_authorizer(self):
        api_id, root = self.new_api()
        auth = self.gw.create_authorizer(restApiId=api_id, name="tok", type="TOKEN",
                                         authorizerUri=lambda_uri(self.arns["authz-token"]),
                                         identitySource="method.request.header.Authorization",
                                         identityValidationExpression="^Bearer [a-z]+$", authorizerResultTtlInSeconds=300)
        items = self.resource(api_id, root, "items")
        for m in ("GET", "POST"):
            self.method(api_id, items, m, authorizationType="CUSTOM", authorizerId=auth["id"])
            self.lambda_proxy(api_id, items, "py-echo", http_method=m)
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        def call(token, method="GET"):
            r, body = self.request(api_id, method, "/dev/items", headers={"Authorization": token} if token else {})
            return r.status, json.loads(body)
        before = self.invocations("authz-token")
        self.assertEqual(call(None), (401, {"message": "Unauthorized"}))
        self.assertEqual(call("Bearer BAD1"), (401, {"message": "Unauthorized"}))  # fails the validation expression
        self.assertEqual(self.invocations("authz-token"), before)  # neither called the function
        status, e = call("Bearer alice")
        self.assertEqual(status, 200, e)
        authz = e["requestContext"]["authorizer"]
        self.assertEqual((authz["principalId"], authz["tier"], authz["n"], authz["ok"]),
                         ("user-alice", "gold", "7", "true"))
        self.assertIsInstance(authz["integrationLatency"], int)
        # The cached policy allows GET only: POST with the same token is refused without another call.
        ran = self.wait_invocations("authz-token", before + 1)
        self.assertEqual(call("Bearer alice", "POST"),
                         (403, {"Message": "User is not authorized to access this resource"}))
        self.assertEqual(call("Bearer alice")[0], 200)
        time.sleep(0.5)
        self.assertEqual(self.invocations("authz-token"), ran)
        self.assertEqual(call("Bearer deny"),
                         (403, {"Message": "User is not authorized to access this resource with an explicit deny"}))
        self.assertEqual(call("Bearer unauthorized"), (401, {"message": "Unauthorized"}))
        self.assertEqual(call("Bearer broken"), (500, {"message": None}))
        self.assertEqual(call("Bearer nested"), (500, {"message": None}))  # context values must be primitives
        # Flushing the cache calls the function again.
        self.gw.flush_stage_authorizers_cache(restApiId=api_id, stageName="dev")
        count = self.invocations("authz-token")
        self.assertEqual(call("Bearer alice")[0], 200)
        self.assertGreater(self.wait_invocations("authz-token", count + 1), count)

    def test_request_authorizer(self):
        api_id, root = self.new_api()
        auth = self.gw.create_authorizer(restApiId=api_id, name="req", type="REQUEST",
                                         authorizerUri=lambda_uri(self.arns["authz-request"]),
                                         identitySource="method.request.header.x-user, method.request.querystring.q",
                                         authorizerResultTtlInSeconds=0)
        orders = self.resource(api_id, root, "orders")
        order = self.resource(api_id, orders, "{id}")
        self.method(api_id, order, "GET", authorizationType="CUSTOM", authorizerId=auth["id"])
        self.lambda_proxy(api_id, order, "py-echo", http_method="GET")
        self.gw.create_deployment(restApiId=api_id, stageName="dev", variables={"v": "1"})
        r, body = self.request(api_id, "GET", "/dev/orders/9?q=1", headers={"x-user": "alice"})
        self.assertEqual(r.status, 200, body)
        authz = json.loads(body)["requestContext"]["authorizer"]
        self.assertEqual((authz["principalId"], authz["path"], authz["param"]), ("alice", "/orders/9", "9"))
        r, body = self.request(api_id, "GET", "/dev/orders/9?q=1", headers={"x-user": "bob"})
        self.assertEqual(r.status, 403, body)
        r, body = self.request(api_id, "GET", "/dev/orders/9", headers={"x-user": "alice"})  # q missing
        self.assertEqual((r.status, json.loads(body)), (401, {"message": "Unauthorized"}))

    def test_api_key_from_the_authorizer(self):
        api_id, root = self.new_api(apiKeySource="AUTHORIZER")
        auth = self.gw.create_authorizer(restApiId=api_id, name="tok", type="TOKEN",
                                         authorizerUri=lambda_uri(self.arns["authz-token"]),
                                         identitySource="method.request.header.Authorization")
        self.method(api_id, root, "GET", authorizationType="CUSTOM", authorizerId=auth["id"], apiKeyRequired=True)
        self.lambda_proxy(api_id, root, "py-echo", http_method="GET")
        self.gw.create_deployment(restApiId=api_id, stageName="dev")
        r, _ = self.request(api_id, "GET", "/dev", headers={"Authorization": "Bearer alice"})
        self.assertEqual(r.status, 403)  # the authorizer's key is in no plan yet
        key = self.gw.create_api_key(name="from-authorizer", enabled=True, value="u" * 30)
        plan = self.gw.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": "dev"}])
        self.gw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        r, body = self.request(api_id, "GET", "/dev", headers={"Authorization": "Bearer alice", "x-api-key": "ignored"})
        self.assertEqual(r.status, 200, body)
        self.assertEqual(json.loads(body)["requestContext"]["identity"]["apiKeyId"], key["id"])


class RestartTest(unittest.TestCase):
    def test_apis_keys_and_quotas_survive_a_restart(self):
        import shutil
        import tempfile
        data = tempfile.mkdtemp(prefix="cloudlet-rest-")
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)

        def get(c, api_id, key):
            conn = http.client.HTTPConnection(c.host, c.port, timeout=30)
            conn.request("GET", "/prod/kept/1", headers={"Host": f"{api_id}.execute-api.localhost:{c.port}",
                                                         "x-api-key": key})
            r = conn.getresponse()
            body = r.read()
            conn.close()
            return r.status, body

        with Cloudlet(data_dir=data) as c:
            lam, gw = c.client("lambda"), c.client("apigateway")
            arn = lam.create_function(FunctionName="echo", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                      Code={"ZipFile": make_zip({"app.py": PY_ECHO})})["FunctionArn"]
            lam.get_waiter("function_active_v2").wait(FunctionName="echo")
            api = gw.create_rest_api(name="durable")
            kept = gw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="kept")["id"]
            proxy = gw.create_resource(restApiId=api["id"], parentId=kept, pathPart="{proxy+}")["id"]
            gw.put_method(restApiId=api["id"], resourceId=proxy, httpMethod="GET", authorizationType="NONE",
                          apiKeyRequired=True)
            gw.put_integration(restApiId=api["id"], resourceId=proxy, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=lambda_uri(arn))
            gw.create_deployment(restApiId=api["id"], stageName="prod")
            key = gw.create_api_key(name="k", enabled=True)
            plan = gw.create_usage_plan(name="p", apiStages=[{"apiId": api["id"], "stage": "prod"}],
                                        quota={"limit": 2, "period": "MONTH"})
            gw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
            self.assertEqual(get(c, api["id"], key["value"])[0], 200)
            c.kill9()
        with Cloudlet(data_dir=data) as c:
            self.assertEqual(c.client("apigateway").get_rest_api(restApiId=api["id"])["name"], "durable")
            status, body = get(c, api["id"], key["value"])
            self.assertEqual(status, 200, body)
            self.assertEqual(json.loads(body)["resource"], "/kept/{proxy+}")
            # The quota counted the request made before the kill: the third is refused.
            self.assertEqual(get(c, api["id"], key["value"]), (429, b'{"message":"Limit Exceeded"}'))


    def test_auth_sigv4(self):
        with Cloudlet("--auth", "sigv4", in_memory=True) as c:
            with self.assertRaises(Exception) as e:
                c.client("apigateway", secret="wrong").get_rest_apis()
            self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)
            gw = c.client("apigateway")
            api = gw.create_rest_api(name="signed")
            iam = gw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="iam")["id"]
            for res, auth in [(api["rootResourceId"], "NONE"), (iam, "AWS_IAM")]:
                gw.put_method(restApiId=api["id"], resourceId=res, httpMethod="GET", authorizationType=auth)
                gw.put_integration(restApiId=api["id"], resourceId=res, httpMethod="GET", type="MOCK",
                                   requestTemplates={"application/json": '{"statusCode": 200}'})
                gw.put_integration_response(restApiId=api["id"], resourceId=res, httpMethod="GET", statusCode="200",
                                            selectionPattern="")
            gw.create_deployment(restApiId=api["id"], stageName="dev")
            host = f"{api['id']}.execute-api.localhost:{c.port}"

            def get(path, headers=None):
                conn = http.client.HTTPConnection(c.host, c.port, timeout=30)
                conn.request("GET", path, headers=dict(headers or {}, Host=host))
                r = conn.getresponse()
                r.read()
                conn.close()
                return r.status

            self.assertEqual(get("/dev"), 200)  # NONE methods need no signature
            self.assertEqual(get("/dev/iam"), 403)
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            for secret, status in [("test", 200), ("wrong", 403)]:
                req = AWSRequest(method="GET", url=f"http://{host}/dev/iam")
                SigV4Auth(Credentials("test", secret), "execute-api", REGION).add_auth(req)
                self.assertEqual(get("/dev/iam", dict(req.headers.items())), status, secret)

if __name__ == "__main__":
    unittest.main()
