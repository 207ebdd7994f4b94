"""AWS's own Node runtime interface client (npm aws-lambda-ric) as a custom
runtime: a provided.al2023 function whose bootstrap execs node on the RIC,
under both sandboxes. The RIC speaks the Runtime API through its native
addon (aws-lambda-cpp over libcurl), so this checks cloudlet's Runtime API
against the real client: responses, the errors as the RIC formats them, an
init error (handler not found), the context it builds from the headers, and
its log lines."""
import base64
import io
import json
import os
import stat
import unittest
import zipfile

from harness import Cloudlet, ROOT

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
RIC_DIR = os.path.join(ROOT, "tests", "e2e", "js", "node_modules", "aws-lambda-ric")
TIMEOUT_SECONDS = 7

# The RIC's bin takes the handler as its argument and the function
# directory from the working directory, as its README's Dockerfile does.
BOOTSTRAP = """#!/bin/sh
cd "$LAMBDA_TASK_ROOT"
exec node "$LAMBDA_TASK_ROOT/node_modules/aws-lambda-ric/bin/index.mjs" "$_HANDLER"
"""

INDEX_MJS = """
class OrderRejected extends Error {
  constructor(message) { super(message); this.name = "OrderRejected"; }
}

export const handler = async (event, context) => {
  if (event.action === "throw") throw new OrderRejected(`order ${event.id} rejected`);
  if (event.action === "throw-string") throw "plain string";
  console.log("handling", event.id);
  return {
    echoed: event,
    awsRequestId: context.awsRequestId,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    logGroupName: context.logGroupName,
    remainingMs: context.getRemainingTimeInMillis(),
    taskRoot: process.env.LAMBDA_TASK_ROOT,
  };
};
"""

CALLBACK_JS = """
exports.handler = (event, context, callback) => {
  setTimeout(() => callback(null, { viaCallback: event.n * 2 }), 10);
};
"""


def ric_files():
    """The parts of the installed aws-lambda-ric the RIC loads at run time:
    its bin, its bundled dist (index.mjs has no imports beyond Node's own)
    and the native addon dist/rapid-client.node. Its declared dependencies
    (node-gyp, node-addon-api) only build the addon."""
    addon = os.path.join(RIC_DIR, "dist", "rapid-client.node")
    if not os.path.isfile(addon):
        raise RuntimeError(f"{addon} is missing: aws-lambda-ric is not installed in tests/e2e/js; "
                           "run scripts/install-deps.sh (it runs npm ci there)")
    files = {"node_modules/aws-lambda-ric/package.json": os.path.join(RIC_DIR, "package.json")}
    for sub in ("bin", "dist"):
        for name in sorted(os.listdir(os.path.join(RIC_DIR, sub))):
            files[f"node_modules/aws-lambda-ric/{sub}/{name}"] = os.path.join(RIC_DIR, sub, name)
    return files


def make_zip(sources):
    """sources: zip name -> (text, mode) for the function's own files;
    the RIC's files are added from the host."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, (text, mode) in sources.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | mode) << 16
            z.writestr(info, text)
        for name, path in ric_files().items():
            z.write(path, name)
    return buf.getvalue()


class RicTestBase:
    SANDBOX_ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.zip = make_zip({"bootstrap": (BOOTSTRAP, 0o755), "index.mjs": (INDEX_MJS, 0o644),
                            "callback.js": (CALLBACK_JS, 0o644)})
        cls.c = Cloudlet(*cls.SANDBOX_ARGS, in_memory=True).start()
        cls.lam = cls.c.client("lambda")
        cls.created = set()

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def function(self, name, handler):
        if name not in self.created:
            self.lam.create_function(FunctionName=name, Runtime="provided.al2023", Role=ROLE, Handler=handler,
                                     Code={"ZipFile": self.zip}, Timeout=TIMEOUT_SECONDS)
            self.lam.get_waiter("function_active_v2").wait(FunctionName=name)
            self.created.add(name)
        return name

    def assertTaskRoot(self, task_root):
        """The code directory as the function sees it."""
        if self.SANDBOX_ARGS:  # process: the real directory cloudlet unpacked the zip into
            self.assertTrue(os.path.isfile(os.path.join(task_root, "bootstrap")), task_root)
        else:
            self.assertEqual(task_root, "/var/task")

    def invoke(self, name, payload, **kw):
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(payload), **kw)
        body = json.loads(r["Payload"].read())
        self.assertEqual(r["StatusCode"], 200, (body, self.c.read_stderr()[-3000:]))
        return r, body

    def test_async_handler_returns_json_with_the_context(self):
        name = self.function("ric-ok", "index.handler")
        r, body = self.invoke(name, {"id": "a1", "nested": {"list": [1, 2.5, None, "x"]}})
        self.assertNotIn("FunctionError", r, body)
        self.assertEqual(body["echoed"], {"id": "a1", "nested": {"list": [1, 2.5, None, "x"]}})
        self.assertEqual(body["awsRequestId"], r["ResponseMetadata"]["RequestId"])
        self.assertEqual(body["functionName"], name)
        self.assertEqual(body["functionVersion"], "$LATEST")
        self.assertEqual(body["invokedFunctionArn"], f"arn:aws:lambda:us-east-1:000000000000:function:{name}")
        self.assertEqual(body["memoryLimitInMB"], "128")
        self.assertEqual(body["logGroupName"], f"/aws/lambda/{name}")
        self.assertTaskRoot(body["taskRoot"])
        # Counted from the deadline cloudlet hands the RIC (milliseconds since the epoch).
        self.assertGreater(body["remainingMs"], TIMEOUT_SECONDS * 1000 - 3000)
        self.assertLessEqual(body["remainingMs"], TIMEOUT_SECONDS * 1000)
        # The warm environment answers the next one, with a new request id.
        r2, body2 = self.invoke(name, {"id": "a2"})
        self.assertEqual(body2["echoed"], {"id": "a2"})
        self.assertEqual(body2["awsRequestId"], r2["ResponseMetadata"]["RequestId"])
        self.assertNotEqual(body2["awsRequestId"], body["awsRequestId"])

    def test_console_log_lines_carry_the_request_id(self):
        name = self.function("ric-ok", "index.handler")
        r, body = self.invoke(name, {"id": "logged"}, LogType="Tail")
        log = base64.b64decode(r["LogResult"]).decode()
        # The RIC's format: timestamp, request id, level, message.
        self.assertIn(f"\t{r['ResponseMetadata']['RequestId']}\tINFO\thandling logged", log)
        self.assertIn(f"END RequestId: {r['ResponseMetadata']['RequestId']}", log)

    def test_thrown_error_is_unhandled_as_the_ric_formats_it(self):
        name = self.function("ric-ok", "index.handler")
        r, body = self.invoke(name, {"action": "throw", "id": 42})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "OrderRejected")
        self.assertEqual(body["errorMessage"], "order 42 rejected")
        self.assertIsInstance(body["trace"], list)
        self.assertEqual(body["trace"][0], "OrderRejected: order 42 rejected")
        task_root = self.invoke(name, {"id": "where"})[1]["taskRoot"]
        self.assertTaskRoot(task_root)
        self.assertIn(f"file://{task_root}/index.mjs:", body["trace"][1], body["trace"])
        r, body = self.invoke(name, {"action": "throw-string"})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "string")
        self.assertEqual(body["errorMessage"], "plain string")
        # The environment survives its handler's errors.
        r, body = self.invoke(name, {"id": "after"})
        self.assertNotIn("FunctionError", r, body)
        self.assertEqual(body["echoed"], {"id": "after"})

    def test_callback_handler(self):
        name = self.function("ric-callback", "callback.handler")
        r, body = self.invoke(name, {"n": 21})
        self.assertNotIn("FunctionError", r, body)
        self.assertEqual(body, {"viaCallback": 42})

    def test_missing_handler_is_an_init_error(self):
        name = self.function("ric-missing", "index.nowhere")
        r, body = self.invoke(name, {})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Runtime.HandlerNotFound")
        self.assertEqual(body["errorMessage"], "index.nowhere is undefined or not exported")


class RicBwrapTest(RicTestBase, unittest.TestCase):
    SANDBOX_ARGS = ()


class RicProcessSandboxTest(RicTestBase, unittest.TestCase):
    SANDBOX_ARGS = ("--sandbox", "process")


if __name__ == "__main__":
    unittest.main()
