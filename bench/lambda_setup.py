"""Creates the Lambda benchmark functions on a cloudlet endpoint and prints
the function URL id of the Node handler.

  echo-py   python3.12, returns its event (the Invoke benchmarks)
  url-node  nodejs20.x, an HTTP API style handler behind a function URL
The Node handler's source is bench/lambda/handler.js, shared with the
serverless-offline run so both serve the same code.
"""
import io
import json
import os
import sys
import zipfile

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
ROLE = "arn:aws:iam::000000000000:role/bench"

PY_ECHO = "def handler(event, context):\n    return event\n"


def zipped(name, text):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, text)
    return buf.getvalue()


def main():
    endpoint = sys.argv[1]
    lam = boto3.client("lambda", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                       aws_secret_access_key="test")
    lam.create_function(FunctionName="echo-py", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                        Code={"ZipFile": zipped("app.py", PY_ECHO)})
    with open(os.path.join(HERE, "lambda", "handler.js")) as f:
        node_source = f.read()
    lam.create_function(FunctionName="url-node", Runtime="nodejs20.x", Role=ROLE, Handler="handler.hello",
                        Code={"ZipFile": zipped("handler.js", node_source)})
    url = lam.create_function_url_config(FunctionName="url-node", AuthType="NONE")["FunctionUrl"]
    # Warm both once so the figures below are warm ones.
    out = json.loads(lam.invoke(FunctionName="echo-py", Payload=b'{"warm":1}')["Payload"].read())
    if out != {"warm": 1}:
        raise SystemExit(f"echo-py answered {out!r}")
    print(url.split("//", 1)[1].split(".", 1)[0])


if __name__ == "__main__":
    main()
