// API Gateway through the AWS SDK for JavaScript v3: an HTTP API (quick
// create, @aws-sdk/client-apigatewayv2) and a REST API (@aws-sdk/client-api-gateway)
// in front of one function, both called through the edge. Run by
// tests/e2e/test_apigateway_js.py, which starts a fresh cloudlet, creates
// the function and passes CLOUDLET_ENDPOINT and FUNCTION_ARN.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, CreateApiCommand, GetApiCommand } from "@aws-sdk/client-apigatewayv2";

const endpoint = process.env.CLOUDLET_ENDPOINT;
const functionArn = process.env.FUNCTION_ARN;
assert.ok(endpoint && functionArn, "CLOUDLET_ENDPOINT and FUNCTION_ARN must be set");
const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
const rest = new APIGatewayClient(config);
const v2 = new ApiGatewayV2Client(config);

// The path form, since Node's fetch will not send another Host.
const invoke = (apiId, path, init) => fetch(`${endpoint}/_aws/execute-api/${apiId}${path}`, init);

test("HTTP API: quick create and call", async () => {
  const api = await v2.send(new CreateApiCommand({ Name: "js-http", ProtocolType: "HTTP", Target: functionArn }));
  assert.match(api.ApiId, /^[a-z0-9]{10}$/);
  assert.equal((await v2.send(new GetApiCommand({ ApiId: api.ApiId }))).Name, "js-http");
  const res = await invoke(api.ApiId, "/hello?x=1", { method: "POST", body: "hi" });
  assert.equal(res.status, 200);
  const event = await res.json();
  assert.equal(event.version, "2.0");
  assert.equal(event.rawPath, "/hello");
  assert.equal(event.body, "hi");
  assert.deepEqual(event.queryStringParameters, { x: "1" });
});

test("REST API: {proxy+} to the function", async () => {
  const api = await rest.send(new CreateRestApiCommand({ name: "js-rest", binaryMediaTypes: ["image/png"] }));
  const items = (await rest.send(new GetResourcesCommand({ restApiId: api.id }))).items;
  assert.deepEqual(items.map((r) => r.path), ["/"]);
  const proxy = await rest.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId,
                                                            pathPart: "{proxy+}" }));
  await rest.send(new PutMethodCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: "ANY",
                                         authorizationType: "NONE" }));
  await rest.send(new PutIntegrationCommand({
    restApiId: api.id, resourceId: proxy.id, httpMethod: "ANY", type: "AWS_PROXY", integrationHttpMethod: "POST",
    uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
  }));
  const deployment = await rest.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "dev" }));
  assert.match(deployment.id, /^[a-z0-9]{6}$/);
  assert.deepEqual((await rest.send(new GetRestApiCommand({ restApiId: api.id }))).binaryMediaTypes, ["image/png"]);

  const res = await invoke(api.id, "/dev/pets/7?a=1", { headers: { "X-Custom": "v" } });
  assert.equal(res.status, 200);
  assert.ok(res.headers.get("x-amzn-requestid"));
  const event = await res.json();
  assert.equal(event.resource, "/{proxy+}");
  assert.equal(event.path, "/pets/7");
  assert.deepEqual(event.pathParameters, { proxy: "pets/7" });
  assert.equal(event.requestContext.stage, "dev");
  assert.equal(event.requestContext.resourcePath, "/{proxy+}");

  const missing = await invoke(api.id, "/prod/pets/7");
  assert.equal(missing.status, 403);
  assert.deepEqual(await missing.json(), { message: "Missing Authentication Token" });
  await assert.rejects(rest.send(new GetRestApiCommand({ restApiId: "nope" })), NotFoundException);
});
