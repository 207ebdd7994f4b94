"""What a function sees and how its environment behaves: the Runtime API
headers surfaced through the context object (client context, trace id,
deadline, invoked ARN) in Python and Node, AWS's environment variables, every
python3.9-3.13 and nodejs18.x-22.x runtime name, a runtime whose interpreter
the host lacks, REPORT lines (Init Duration on a cold start, Max Memory Used),
the sandbox's open-file, process and memory limits, a crash in the middle of
an invocation, and idle environments reaped after --lambda-idle-seconds."""
import base64
import json
import os
import re
import shutil
import tempfile
import time
import unittest
import uuid

from harness import Cloudlet
from test_lambda_invoke import BOOTSTRAP as SHELL_BOOTSTRAP, ROLE, make_zip

PY_CONTEXT = """
import os
def handler(event, context):
    cc = context.client_context
    return {
        "request_id": context.aws_request_id,
        "arn": context.invoked_function_arn,
        "remaining": context.get_remaining_time_in_millis(),
        "name": context.function_name, "version": context.function_version,
        "memory": context.memory_limit_in_mb,
        "group": context.log_group_name, "stream": context.log_stream_name,
        "custom": cc.custom if cc else None, "env": cc.env if cc else None,
        "app_title": cc.client.app_title if cc and cc.client else None,
        "identity": context.identity,
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
        "environ": {k: v for k, v in os.environ.items() if k.startswith(("AWS_", "LAMBDA_", "_HANDLER", "TZ", "MINE"))},
        "cwd": os.getcwd(),
    }
"""

NODE_CONTEXT = """
exports.handler = async (event, context) => ({
  request_id: context.awsRequestId,
  arn: context.invokedFunctionArn,
  remaining: context.getRemainingTimeInMillis(),
  name: context.functionName, version: context.functionVersion, memory: context.memoryLimitInMB,
  group: context.logGroupName, stream: context.logStreamName,
  client_context: context.clientContext ?? null,
  trace: process.env._X_AMZN_TRACE_ID ?? null,
  execution_env: process.env.AWS_EXECUTION_ENV,
});
"""

ENV_PY = """
import os, sys
def handler(event, context):
    return {"exec": os.environ.get("AWS_EXECUTION_ENV"), "python": sys.version_info[0]}
"""

ENV_NODE = """
exports.handler = async () => ({ exec: process.env.AWS_EXECUTION_ENV, node: process.versions.node.length > 0 });
"""

LIMITS = """
import os, resource, signal, time
def handler(event, context):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    files = []
    try:
        while len(files) < 5000:
            files.append(open("/var/task/app.py"))
        opened_error = None
    except OSError as e:
        opened_error = e.errno
    finally:
        for f in files:
            f.close()
    children = []
    fork_error = None
    try:
        while len(children) < 5000:
            pid = os.fork()
            if pid == 0:
                signal.pause()
                os._exit(0)
            children.append(pid)
    except OSError as e:
        fork_error = e.errno
    finally:
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        for pid in children:
            os.waitpid(pid, 0)
    return {"nofile": [soft, hard], "opened": len(files), "open_errno": opened_error,
            "forked": len(children), "fork_errno": fork_error}
"""

CRASH = """
import os, signal
def handler(event, context):
    print("about to crash", flush=True)
    if event.get("how") == "exit":
        os._exit(3)
    if event.get("how") == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    if event.get("how") == "memory":
        hog = []
        while True:
            hog.append(bytearray(16 * 1024 * 1024))
    return {"pid": os.getpid()}
"""

PROBE = """
import errno, os
def handler(event, context):
    def visible(path):
        return os.path.exists(path)
    try:
        open("/var/task/new-file", "w")
        task_writable = True
    except OSError as e:
        task_writable = e.errno
    with open("/tmp/scratch", "w") as f:
        f.write("ok")
    pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    return {"data_dir": visible(event["data_dir"]), "other_code": visible(event["other_code"]),
            "own_code_on_host": visible(event["own_code"]), "task_writable": task_writable,
            "tmp": open("/tmp/scratch").read(), "pids": pids, "pid": os.getpid(),
            "root": sorted(os.listdir("/"))}
"""

ECHO = """
def handler(event, context):
    print("echo", event)
    return event
"""


def report_of(log_tail_b64):
    log = base64.b64decode(log_tail_b64).decode()
    lines = [l for l in log.splitlines() if l.startswith("REPORT RequestId:")]
    assert len(lines) == 1, log
    return dict(part.split(": ", 1) for part in lines[0].split("\t") if ": " in part), log


class LambdaRuntimeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.lam = cls.c.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def create(self, name, runtime, handler, files, **kw):
        self.lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                                 Code={"ZipFile": make_zip(files)}, **kw)
        self.lam.get_waiter("function_active_v2").wait(FunctionName=name)

    def invoke(self, name, payload=None, **kw):
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(payload or {}), **kw)
        return r, json.loads(r["Payload"].read())

    def traced_invoke(self, name, trace, **kw):
        def add_trace(request, **_):
            request.headers["X-Amzn-Trace-Id"] = trace
        self.lam.meta.events.register("before-sign.lambda.Invoke", add_trace)
        try:
            return self.invoke(name, **kw)
        finally:
            self.lam.meta.events.unregister("before-sign.lambda.Invoke", add_trace)

    def test_python_context_headers_and_environment(self):
        self.create("ctx-py", "python3.12", "app.handler", {"app.py": PY_CONTEXT}, Timeout=7, MemorySize=256,
                    Environment={"Variables": {"MINE": "1"}})
        version = self.lam.publish_version(FunctionName="ctx-py")["Version"]
        self.lam.create_alias(FunctionName="ctx-py", Name="live", FunctionVersion=version)
        client_context = {"custom": {"k": "v"}, "env": {"platform": "test"}, "client": {"app_title": "cloudlet"}}
        trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        r, body = self.traced_invoke("ctx-py", trace, Qualifier="live",
                                     ClientContext=base64.b64encode(json.dumps(client_context).encode()).decode())
        self.assertNotIn("FunctionError", r, body)
        arn = f"arn:aws:lambda:us-east-1:000000000000:function:ctx-py"
        self.assertEqual(body["arn"], arn + ":live")
        self.assertEqual(body["request_id"], r["ResponseMetadata"]["RequestId"])
        self.assertTrue(0 < body["remaining"] <= 7000, body["remaining"])
        self.assertEqual((body["name"], body["version"], body["memory"]), ("ctx-py", version, "256"))
        self.assertEqual(body["group"], "/aws/lambda/ctx-py")
        self.assertRegex(body["stream"], r"^\d{4}/\d{2}/\d{2}/\[" + version + r"\][0-9a-f]{32}$")
        self.assertEqual((body["custom"], body["env"], body["app_title"]), ({"k": "v"}, {"platform": "test"}, "cloudlet"))
        self.assertIsNone(body["identity"])  # no Cognito here: Lambda sends no identity either
        self.assertEqual(body["trace"], trace)
        env = body["environ"]
        self.assertEqual(env["AWS_LAMBDA_FUNCTION_NAME"], "ctx-py")
        self.assertEqual(env["AWS_LAMBDA_FUNCTION_VERSION"], version)
        self.assertEqual(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "256")
        self.assertEqual(env["AWS_REGION"], "us-east-1")
        self.assertEqual(env["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/ctx-py")
        self.assertEqual(env["AWS_LAMBDA_LOG_STREAM_NAME"], body["stream"])
        self.assertEqual(env["_HANDLER"], "app.handler")
        self.assertEqual(env["MINE"], "1")
        self.assertEqual(env["LAMBDA_TASK_ROOT"], "/var/task")
        self.assertEqual(body["cwd"], "/var/task")
        self.assertEqual(env["TZ"], ":UTC")
        self.assertEqual(env["AWS_EXECUTION_ENV"], "AWS_Lambda_python3.12")
        self.assertEqual(env["AWS_ENDPOINT_URL"], self.c.endpoint)
        self.assertTrue(env["AWS_ACCESS_KEY_ID"] and env["AWS_SECRET_ACCESS_KEY"] and env["AWS_SESSION_TOKEN"])
        self.assertRegex(env["AWS_LAMBDA_RUNTIME_API"], r"^127\.0\.0\.1:\d+$")
        # Unqualified: the plain ARN; no caller trace: Lambda makes one up.
        r, body = self.invoke("ctx-py")
        self.assertEqual(body["arn"], arn)
        self.assertIsNone(body["custom"])
        self.assertRegex(body["trace"], r"^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$")

    def test_node_context_headers(self):
        self.create("ctx-node", "nodejs20.x", "index.handler", {"index.js": NODE_CONTEXT}, Timeout=5)
        client_context = {"custom": {"a": 1}}
        trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        r, body = self.traced_invoke("ctx-node", trace, Qualifier="$LATEST",
                                     ClientContext=base64.b64encode(json.dumps(client_context).encode()).decode())
        self.assertNotIn("FunctionError", r, body)
        self.assertEqual(body["arn"], "arn:aws:lambda:us-east-1:000000000000:function:ctx-node:$LATEST")
        self.assertEqual(body["request_id"], r["ResponseMetadata"]["RequestId"])
        self.assertTrue(0 < body["remaining"] <= 5000)
        self.assertEqual((body["name"], body["version"], body["memory"]), ("ctx-node", "$LATEST", "128"))
        self.assertEqual(body["client_context"], client_context)
        self.assertEqual(body["trace"], trace)
        self.assertEqual(body["execution_env"], "AWS_Lambda_nodejs20.x")

    def test_every_python_and_node_runtime_name_runs(self):
        for runtime in ["python3.9", "python3.10", "python3.11", "python3.12", "python3.13"]:
            name = "rt-" + runtime.replace(".", "-")
            self.create(name, runtime, "app.handler", {"app.py": ENV_PY})
            r, body = self.invoke(name)
            self.assertEqual(body, {"exec": "AWS_Lambda_" + runtime, "python": 3}, runtime)
        for runtime in ["nodejs18.x", "nodejs20.x", "nodejs22.x"]:
            name = "rt-" + runtime.replace(".", "-")
            self.create(name, runtime, "index.handler", {"index.js": ENV_NODE})
            r, body = self.invoke(name)
            self.assertEqual(body, {"exec": "AWS_Lambda_" + runtime, "node": True}, runtime)
        for runtime in ["provided", "provided.al2", "provided.al2023"]:
            name = "rt-" + runtime.replace(".", "-")
            self.create(name, runtime, "unused", {"bootstrap": SHELL_BOOTSTRAP})
            r, body = self.invoke(name, {"n": 1})
            self.assertEqual(body, {"shell": {"n": 1}}, runtime)
        with self.assertRaises(self.lam.exceptions.ClientError) as e:
            self.create("rt-bad", "python2.7", "app.handler", {"app.py": ENV_PY})
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidParameterValueException")

    def test_report_lines_init_duration_and_memory(self):
        self.create("report", "python3.12", "app.handler", {"app.py": ECHO}, MemorySize=192)
        r, body = self.invoke("report", {"n": 1}, LogType="Tail")
        cold, log = report_of(r["LogResult"])
        self.assertIn("echo {'n': 1}", log)
        self.assertRegex(log.splitlines()[0], r"^START RequestId: [0-9a-f-]{36} Version: \$LATEST$")
        self.assertRegex(cold["Duration"], r"^\d+\.\d\d ms$")
        self.assertRegex(cold["Billed Duration"], r"^\d+ ms$")
        self.assertEqual(cold["Memory Size"], "192 MB")
        self.assertRegex(cold["Init Duration"], r"^\d+\.\d\d ms$")
        used = int(cold["Max Memory Used"].split()[0])
        self.assertTrue(1 <= used <= 192, cold)
        warm, _ = report_of(self.invoke("report", {"n": 2}, LogType="Tail")[0]["LogResult"])
        self.assertNotIn("Init Duration", warm)  # only the first invocation of an environment
        self.assertTrue(int(warm["Max Memory Used"].split()[0]) >= 1, warm)

    def test_sandbox_hides_the_host_and_other_functions(self):
        self.create("probe-other", "python3.12", "app.handler", {"app.py": ECHO})
        self.create("probe", "python3.12", "app.handler", {"app.py": PROBE})
        location = lambda name: self.lam.get_function(FunctionName=name)["Code"]["Location"][len("file://"):]
        other, own = location("probe-other"), location("probe")
        self.assertTrue(os.path.isdir(other) and os.path.isdir(own), (other, own))
        r, body = self.invoke("probe", {"data_dir": self.c.data_dir, "other_code": other, "own_code": own})
        self.assertNotIn("FunctionError", r, body)
        self.assertFalse(body["data_dir"], "cloudlet's data directory is visible")
        self.assertFalse(body["other_code"], "another function's code is visible")
        self.assertFalse(body["own_code_on_host"], "the host path of the code is visible")
        self.assertEqual(body["task_writable"], 30)  # EROFS: /var/task is read-only
        self.assertEqual(body["tmp"], "ok")
        self.assertLessEqual(len(body["pids"]), 3, body["pids"])  # its own PID namespace: bwrap's init and the runtime
        self.assertLessEqual(body["pid"], 3)
        self.assertNotIn("work", body["root"])
        self.assertNotIn("home", body["root"])
        self.assertTrue({"usr", "etc", "tmp", "var", "proc", "dev"} <= set(body["root"]), body["root"])

    def test_payload_limits(self):
        self.create("limits-payload", "python3.12", "app.handler", {"app.py": ECHO})
        big_sync = json.dumps({"x": "a" * (6 * 1024 * 1024)}).encode()
        with self.assertRaises(self.lam.exceptions.RequestTooLargeException) as e:
            self.lam.invoke(FunctionName="limits-payload", Payload=big_sync)
        self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 413)
        self.assertIn("6291456 bytes", e.exception.response["Error"]["Message"])
        big_async = json.dumps({"x": "a" * (1024 * 1024)}).encode()
        with self.assertRaises(self.lam.exceptions.RequestTooLargeException) as e:
            self.lam.invoke(FunctionName="limits-payload", Payload=big_async, InvocationType="Event")
        self.assertIn("1048576 bytes", e.exception.response["Error"]["Message"])
        # Just under the asynchronous cap is queued; a 1 MB event runs synchronously too.
        ok = json.dumps({"x": "a" * (1024 * 1024 - 100)}).encode()
        self.assertEqual(self.lam.invoke(FunctionName="limits-payload", Payload=ok,
                                         InvocationType="Event")["StatusCode"], 202)
        r, body = self.invoke("limits-payload", {"x": "b" * (1024 * 1024)})
        self.assertEqual(len(body["x"]), 1024 * 1024)

    def test_open_file_and_process_limits(self):
        self.create("limits", "python3.12", "app.handler", {"app.py": LIMITS}, MemorySize=1024, Timeout=60)
        r, body = self.invoke("limits")
        self.assertNotIn("FunctionError", r, body)
        self.assertEqual(body["nofile"], [1024, 1024])
        self.assertEqual(body["open_errno"], 24)  # EMFILE
        self.assertLess(body["opened"], 1024)
        self.assertEqual(body["fork_errno"], 11)  # EAGAIN: the pids limit of the sandbox
        self.assertLess(body["forked"], 1024)
        self.assertGreater(body["forked"], 100)

    def test_crash_mid_invoke_fails_cleanly_and_is_replaced(self):
        self.create("crash", "python3.12", "app.handler", {"app.py": CRASH}, MemorySize=128, Timeout=30)
        for how, exit_text in [("exit", "exit status 3"), ("segv", "signal: segmentation fault"),
                               ("memory", None)]:
            r, body = self.invoke("crash", {"how": how}, LogType="Tail")
            self.assertEqual(r["FunctionError"], "Unhandled", body)
            self.assertEqual(body["errorType"], "Runtime.ExitError", body)
            if exit_text:
                self.assertIn("Error: Runtime exited with error: " + exit_text, body["errorMessage"])
            else:  # the memory cgroup's OOM kill
                self.assertRegex(body["errorMessage"], r"Runtime exited with error: (signal: killed|exit status 137)")
            report, log = report_of(r["LogResult"])
            self.assertIn("about to crash", log)
            self.assertIn("Error Type", report)
            # A fresh environment serves the next invocation.
            r, body = self.invoke("crash", {})
            self.assertNotIn("FunctionError", r, body)


class LambdaMissingInterpreterTest(unittest.TestCase):
    """A host with python3 but no node on PATH."""

    def test_node_runtime_without_node_names_it(self):
        bindir = tempfile.mkdtemp()
        try:
            for tool in ["python3", "bwrap", "true"]:
                os.symlink(shutil.which(tool), os.path.join(bindir, tool))
            with Cloudlet(in_memory=True, env={"PATH": bindir}) as c:
                lam = c.client("lambda")
                for name, runtime, handler, files in [("n", "nodejs20.x", "index.handler", {"index.js": ENV_NODE}),
                                                      ("p", "python3.12", "app.handler", {"app.py": ENV_PY})]:
                    lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                                        Code={"ZipFile": make_zip(files)})
                with self.assertRaises(lam.exceptions.InvalidRuntimeException) as e:
                    lam.invoke(FunctionName="n", Payload=b"{}")
                self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 502)
                self.assertEqual(e.exception.response["Error"]["Message"],
                                 "The runtime nodejs20.x needs node, which this host does not have (not found on PATH).")
                r = lam.invoke(FunctionName="p", Payload=b"{}")
                self.assertEqual(json.loads(r["Payload"].read())["exec"], "AWS_Lambda_python3.12")
        finally:
            shutil.rmtree(bindir)


class LambdaIdleReapTest(unittest.TestCase):
    def runtime_pids(self, marker):
        pids = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    environ = f.read().split(b"\0")
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmdline = f.read()
            except OSError:
                continue
            if f"IDLE_MARKER={marker}".encode() in environ and b"bootstrap.py" in cmdline \
                    and not cmdline.split(b"\0")[0].endswith(b"bwrap"):
                pids.append(int(pid))
        return pids

    def test_idle_environment_is_reaped_and_the_next_invoke_starts_cold(self):
        marker = uuid.uuid4().hex
        with Cloudlet("--lambda-idle-seconds", "1", in_memory=True) as c:
            lam = c.client("lambda")
            lam.create_function(FunctionName="idle", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                Code={"ZipFile": make_zip({"app.py": ECHO})},
                                Environment={"Variables": {"IDLE_MARKER": marker}})
            r = lam.invoke(FunctionName="idle", Payload=b"{}", LogType="Tail")
            self.assertIn("Init Duration", report_of(r["LogResult"])[0])
            self.assertEqual(len(self.runtime_pids(marker)), 1)
            deadline = time.time() + 10
            while self.runtime_pids(marker) and time.time() < deadline:
                time.sleep(0.2)
            self.assertEqual(self.runtime_pids(marker), [], "the idle environment was not reaped")
            r = lam.invoke(FunctionName="idle", Payload=b"{}", LogType="Tail")
            self.assertIn("Init Duration", report_of(r["LogResult"])[0])


if __name__ == "__main__":
    unittest.main()
