"""Creates the API Gateway benchmark on a cloudlet endpoint and prints the
API id: the Node handler of the function URL benchmark (bench/lambda/handler.js,
also what serverless-offline serves) as function `apigw-node` behind an HTTP
API route GET /hello (AWS_PROXY, payload 2.0) on an auto-deploying $default
stage. Writes to argv[2] a payload 2.0 event like the one the gateway builds
for wrk's request, for the direct Invoke the gateway's own cost is measured
against.
"""
import json
import os
import sys
import time
import urllib.request

import boto3

from lambda_setup import HERE, ROLE, zipped


def main():
    endpoint, event_path = sys.argv[1], sys.argv[2]
    kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    lam, gw = boto3.client("lambda", **kw), boto3.client("apigatewayv2", **kw)
    with open(os.path.join(HERE, "lambda", "handler.js")) as f:
        source = f.read()
    arn = lam.create_function(FunctionName="apigw-node", Runtime="nodejs20.x", Role=ROLE, Handler="handler.hello",
                              Code={"ZipFile": zipped("handler.js", source)})["FunctionArn"]
    lam.get_waiter("function_active_v2").wait(FunctionName="apigw-node")
    api_id = gw.create_api(Name="bench", ProtocolType="HTTP", Target=arn, RouteKey="GET /hello")["ApiId"]
    port = endpoint.rsplit(":", 1)[1]
    host = f"{api_id}.execute-api.localhost:{port}"
    # Warm the function through the gateway once.
    req = urllib.request.Request(f"{endpoint}/hello", headers={"Host": host})
    with urllib.request.urlopen(req) as r:
        if r.status != 200:
            raise SystemExit(f"the API answered {r.status}")
    now = time.time()
    event = {
        "version": "2.0", "routeKey": "GET /hello", "rawPath": "/hello", "rawQueryString": "",
        "headers": {"host": host, "x-amzn-trace-id": "Root=1-00000000-000000000000000000000000",
                    "x-forwarded-for": "127.0.0.1", "x-forwarded-port": port, "x-forwarded-proto": "http"},
        "requestContext": {"accountId": "000000000000", "apiId": api_id,
                           "domainName": f"{api_id}.execute-api.localhost", "domainPrefix": api_id,
                           "http": {"method": "GET", "path": "/hello", "protocol": "HTTP/1.1",
                                    "sourceIp": "127.0.0.1", "userAgent": ""},
                           "requestId": "AAAAAAAAAAAAAAA=", "routeKey": "GET /hello", "stage": "$default",
                           "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
                           "timeEpoch": int(now * 1000)},
        "isBase64Encoded": False,
    }
    with open(event_path, "w") as f:
        json.dump(event, f)
    print(api_id)


if __name__ == "__main__":
    main()
