"""Lambda's control plane and Invoke through boto3 against a fresh cloudlet.

Needs the Lambda service wired into src/server/app.cc (MakeLambdaService with
the real Invoker) and a host python3 for the invoke tests; the control-plane
tests need no runtime at all.
"""
import base64
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
import unittest
import zipfile

from botocore.exceptions import ClientError

from harness import Cloudlet

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
HANDLER = """
import json
def handler(event, context):
    if event.get("fail"):
        raise ValueError("asked to fail")
    print("hello from the log")
    return {"echo": event, "name": context.function_name}
"""


def make_zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            z.writestr(name, body)
    return buf.getvalue()


class LambdaControlPlaneTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet().start()
        cls.lam = cls.c.client("lambda")
        cls.zip = make_zip({"app.py": HANDLER})

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def create(self, name, **kwargs):
        args = dict(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                    Code={"ZipFile": self.zip})
        args.update(kwargs)
        return self.lam.create_function(**args)

    def assertError(self, ctx, code, status, message=None):
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertEqual(err["Error"]["Message"], message)

    def test_create_get_and_waiters(self):
        created = self.create("cp-create", MemorySize=256, Timeout=10, Environment={"Variables": {"STAGE": "dev"}},
                              Tags={"team": "core"})
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(created["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:cp-create")
        self.assertEqual(created["State"], "Pending")
        self.assertEqual(created["CodeSize"], len(self.zip))
        self.assertEqual(created["CodeSha256"], base64.b64encode(hashlib.sha256(self.zip).digest()).decode())
        self.lam.get_waiter("function_active_v2").wait(FunctionName="cp-create",
                                                        WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        self.lam.get_waiter("function_exists").wait(FunctionName="cp-create",
                                                     WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        got = self.lam.get_function(FunctionName="cp-create")
        self.assertEqual(got["Configuration"]["State"], "Active")
        self.assertEqual(got["Configuration"]["LastUpdateStatus"], "Successful")
        self.assertEqual(got["Configuration"]["MemorySize"], 256)
        self.assertEqual(got["Configuration"]["Environment"]["Variables"], {"STAGE": "dev"})
        self.assertEqual(got["Tags"], {"team": "core"})
        cfg = self.lam.get_function_configuration(FunctionName=created["FunctionArn"])
        self.assertEqual(cfg["Timeout"], 10)

    def test_update_and_updated_waiter(self):
        self.create("cp-update")
        upd = self.lam.update_function_configuration(FunctionName="cp-update", MemorySize=512, Handler="app.handler")
        self.assertEqual(upd["LastUpdateStatus"], "InProgress")
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="cp-update",
                                                         WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        new_zip = make_zip({"app.py": HANDLER + "\n# v2\n"})
        code = self.lam.update_function_code(FunctionName="cp-update", ZipFile=new_zip)
        self.assertEqual(code["CodeSha256"], base64.b64encode(hashlib.sha256(new_zip).digest()).decode())
        self.lam.get_waiter("function_updated").wait(FunctionName="cp-update",
                                                      WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        self.assertEqual(self.lam.get_function_configuration(FunctionName="cp-update")["MemorySize"], 512)

    def test_list_paginates(self):
        names = [f"cp-list-{i}" for i in range(5)]
        for n in names:
            self.create(n)
        seen = []
        for page in self.lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 2}):
            seen += [f["FunctionName"] for f in page["Functions"]]
        for n in names:
            self.assertIn(n, seen)
        self.assertEqual(len(seen), len(set(seen)))

    def test_delete(self):
        self.create("cp-delete")
        resp = self.lam.delete_function(FunctionName="cp-delete")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 204)
        with self.assertRaises(ClientError) as ctx:
            self.lam.get_function(FunctionName="cp-delete")
        self.assertError(ctx, "ResourceNotFoundException", 404,
                         "Function not found: arn:aws:lambda:us-east-1:000000000000:function:cp-delete")

    def test_errors(self):
        self.create("cp-dup")
        with self.assertRaises(ClientError) as ctx:
            self.create("cp-dup")
        self.assertError(ctx, "ResourceConflictException", 409, "Function already exist: cp-dup")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.invoke(FunctionName="cp-nope", Payload=b"{}")
        with self.assertRaises(ClientError) as ctx:
            self.create("cp-bad-runtime", Runtime="python2.7")
        self.assertError(ctx, "InvalidParameterValueException", 400)
        with self.assertRaises(ClientError) as ctx:
            self.create("cp-bad-zip", Code={"ZipFile": b"not a zip"})
        self.assertError(ctx, "InvalidParameterValueException", 400,
                         "Could not unzip uploaded file. Please check your file, then try to upload again.")
        with self.assertRaises(ClientError) as ctx:
            self.create("cp-bad-role", Role="not-a-role-arn")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_dry_run_and_event(self):
        self.create("cp-modes")
        dry = self.lam.invoke(FunctionName="cp-modes", InvocationType="DryRun", Payload=b"{}")
        self.assertEqual(dry["StatusCode"], 204)
        event = self.lam.invoke(FunctionName="cp-modes", InvocationType="Event", Payload=b"{}")
        self.assertEqual(event["StatusCode"], 202)

    @unittest.skipUnless(shutil.which("python3"), "needs a host python3")
    def test_invoke_request_response(self):
        self.create("cp-invoke")
        resp = self.lam.invoke(FunctionName="cp-invoke", Payload=json.dumps({"a": 1}), LogType="Tail")
        self.assertEqual(resp["StatusCode"], 200)
        self.assertEqual(resp["ExecutedVersion"], "$LATEST")
        self.assertNotIn("FunctionError", resp)
        self.assertEqual(json.loads(resp["Payload"].read()), {"echo": {"a": 1}, "name": "cp-invoke"})
        self.assertIn("hello from the log", base64.b64decode(resp["LogResult"]).decode())
        failed = self.lam.invoke(FunctionName="cp-invoke", Payload=json.dumps({"fail": True}))
        self.assertEqual(failed["FunctionError"], "Unhandled")
        body = json.loads(failed["Payload"].read())
        self.assertEqual(body["errorType"], "ValueError")
        self.assertEqual(body["errorMessage"], "asked to fail")

    @unittest.skipUnless(shutil.which("python3"), "needs a host python3")
    def test_hot_reload(self):
        d = tempfile.mkdtemp(prefix="cloudlet-hot-")
        try:
            with open(os.path.join(d, "app.py"), "w") as f:
                f.write("def handler(e, c):\n    return 1\n")
            self.create("cp-hot", Code={"S3Bucket": "hot-reload", "S3Key": d})
            self.assertEqual(json.loads(self.lam.invoke(FunctionName="cp-hot")["Payload"].read()), 1)
            # File times tick with the kernel's coarse clock (a few ms); an
            # edit made within the same tick as the first load would look unchanged.
            time.sleep(0.05)
            with open(os.path.join(d, "app.py"), "w") as f:
                f.write("def handler(e, c):\n    return 2\n")
            os.utime(os.path.join(d, "app.py"), None)
            self.assertEqual(json.loads(self.lam.invoke(FunctionName="cp-hot")["Payload"].read()), 2)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
