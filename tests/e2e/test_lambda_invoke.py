"""Functions running in cloudlet's sandboxes: Python, Node, a provided bootstrap,
a function that calls DynamoDB and another function through AWS_ENDPOINT_URL,
timeouts, the concurrency of warm environments, reserved concurrency and an
environment killed while idle."""
import io
import json
import os
import signal
import stat
import threading
import time
import unittest
import uuid
import zipfile

from harness import Cloudlet

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def make_zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            info = zipfile.ZipInfo(name)
            mode = 0o755 if name == "bootstrap" else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            z.writestr(info, body)
    return buf.getvalue()


PY_CALLER = """
import json, os
import boto3
def handler(event, context):
    ddb = boto3.client("dynamodb")
    ddb.put_item(TableName="from-lambda", Item={"id": {"S": event["id"]}, "by": {"S": context.function_name}})
    lam = boto3.client("lambda")
    r = lam.invoke(FunctionName="node-echo", Payload=json.dumps({"hello": event["id"]}))
    return {"endpoint": os.environ["AWS_ENDPOINT_URL"], "node": json.loads(r["Payload"].read())}
"""

NODE_ECHO = """
exports.handler = async (event, context) => ({ echoed: event, requestId: context.awsRequestId.length > 0 });
"""

BOOTSTRAP = """#!/bin/sh
set -e
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next")
  ID=$(grep -i Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  curl -sS -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$ID/response" -d "{\\"shell\\":$EVENT}" >/dev/null
done
"""

SLOW = """
import time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return "done"
"""


class LambdaInvokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.lam = cls.c.client("lambda")
        cls.ddb = cls.c.client("dynamodb")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def create(self, name, runtime, handler, files, **kw):
        self.lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                                 Code={"ZipFile": make_zip(files)}, **kw)
        self.lam.get_waiter("function_active_v2").wait(FunctionName=name)

    def invoke(self, name, payload):
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(payload))
        return r, json.loads(r["Payload"].read())

    def test_python_function_calls_dynamodb_and_a_node_function(self):
        self.ddb.create_table(TableName="from-lambda", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        self.create("node-echo", "nodejs20.x", "index.handler", {"index.js": NODE_ECHO})
        self.create("py-caller", "python3.12", "app.handler", {"app.py": PY_CALLER}, Timeout=30)
        r, body = self.invoke("py-caller", {"id": "x1"})
        self.assertNotIn("FunctionError", r, body)
        self.assertEqual(body["endpoint"], self.c.endpoint)
        self.assertEqual(body["node"], {"echoed": {"hello": "x1"}, "requestId": True})
        item = self.ddb.get_item(TableName="from-lambda", Key={"id": {"S": "x1"}})["Item"]
        self.assertEqual(item["by"], {"S": "py-caller"})

    def test_provided_runtime_bootstrap(self):
        self.create("shell", "provided.al2023", "unused", {"bootstrap": BOOTSTRAP})
        r, body = self.invoke("shell", {"n": 1})
        self.assertNotIn("FunctionError", r, body)
        self.assertEqual(body, {"shell": {"n": 1}})

    def test_timeout_is_a_function_error_and_the_next_invoke_works(self):
        self.create("slow", "python3.12", "app.handler", {"app.py": SLOW}, Timeout=1)
        r, body = self.invoke("slow", {"sleep": 5})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertIn("Task timed out after 1.00 seconds", body["errorMessage"])
        r, body = self.invoke("slow", {})
        self.assertEqual(body, "done")

    def test_concurrent_invocations_scale_out(self):
        self.create("conc", "python3.12", "app.handler", {"app.py": SLOW}, Timeout=10)
        results = []

        def call():
            results.append(self.invoke("conc", {"sleep": 0.5})[1])

        threads = [threading.Thread(target=call) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, ["done"] * 4)

    def test_reserved_concurrency_zero_throttles(self):
        self.create("throttled", "python3.12", "app.handler", {"app.py": SLOW})
        self.assertEqual(self.invoke("throttled", {})[1], "done")  # a warm environment does not help
        self.lam.put_function_concurrency(FunctionName="throttled", ReservedConcurrentExecutions=0)
        with self.assertRaises(self.lam.exceptions.TooManyRequestsException) as e:
            self.invoke("throttled", {})
        response = e.exception.response
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 429)
        self.assertEqual(response["Error"]["Message"], "Rate Exceeded.")
        self.assertEqual(response["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded")
        self.lam.delete_function_concurrency(FunctionName="throttled")
        self.assertEqual(self.invoke("throttled", {})[1], "done")

    def test_environment_killed_while_idle_is_replaced(self):
        marker = uuid.uuid4().hex
        self.create("victim", "python3.12", "app.handler", {"app.py": SLOW},
                    Environment={"Variables": {"VICTIM_MARKER": marker}})
        self.assertEqual(self.invoke("victim", {})[1], "done")
        # The runtime as the host sees it (the function's own pid is its PID
        # namespace's): the process whose environment carries the marker,
        # not the bwrap processes around it.
        pids = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    environ = f.read().split(b"\0")
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmdline = f.read()
            except OSError:
                continue
            argv0 = cmdline.split(b"\0")[0]
            if f"VICTIM_MARKER={marker}".encode() in environ and not argv0.endswith(b"bwrap") \
                    and b"bootstrap.py" in cmdline:
                pids.append(int(pid))
        self.assertEqual(len(pids), 1, pids)
        os.kill(pids[0], signal.SIGKILL)
        time.sleep(0.3)
        r, body = self.invoke("victim", {})
        self.assertNotIn("FunctionError", r, body)
        self.assertEqual(body, "done")


if __name__ == "__main__":
    unittest.main()
