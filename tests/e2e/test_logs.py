"""CloudWatch Logs: the API subset, and Lambda function output under /aws/lambda/<name>."""
import io
import json
import time
import unittest
import zipfile

from botocore.exceptions import ClientError

from harness import Cloudlet


class LogsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.logs = cls.c.client("logs")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def test_groups_streams_events(self):
        self.logs.create_log_group(logGroupName="app")
        with self.assertRaises(ClientError) as cm:
            self.logs.create_log_group(logGroupName="app")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceAlreadyExistsException")
        self.logs.create_log_stream(logGroupName="app", logStreamName="s1")
        now = int(time.time() * 1000)
        self.logs.put_log_events(logGroupName="app", logStreamName="s1",
                                 logEvents=[{"timestamp": now, "message": "first"},
                                            {"timestamp": now + 1, "message": "second ERROR"}])
        events = self.logs.get_log_events(logGroupName="app", logStreamName="s1", startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in events], ["first", "second ERROR"])
        found = self.logs.filter_log_events(logGroupName="app", filterPattern="ERROR")["events"]
        self.assertEqual([e["message"] for e in found], ["second ERROR"])
        names = [g["logGroupName"] for g in self.logs.describe_log_groups(logGroupNamePrefix="ap")["logGroups"]]
        self.assertEqual(names, ["app"])
        with self.assertRaises(ClientError) as cm:
            self.logs.get_log_events(logGroupName="nope", logStreamName="s1")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceNotFoundException")

    def test_lambda_output_lands_in_its_log_group(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("app.py", "def handler(e, c):\n    print('hello logs')\n    return 1\n")
        lam = self.c.client("lambda")
        lam.create_function(FunctionName="logger", Runtime="python3.12", Handler="app.handler",
                            Role="arn:aws:iam::000000000000:role/r", Code={"ZipFile": buf.getvalue()})
        self.assertEqual(json.loads(lam.invoke(FunctionName="logger")["Payload"].read()), 1)
        messages = []
        for _ in range(50):
            try:
                messages = [e["message"] for e in
                            self.logs.filter_log_events(logGroupName="/aws/lambda/logger")["events"]]
            except ClientError:
                messages = []
            if any(m.startswith("REPORT") for m in messages):
                break
            time.sleep(0.1)
        self.assertTrue(any("hello logs" in m for m in messages), messages)
        self.assertTrue(any(m.startswith("START RequestId:") for m in messages), messages)
        streams = self.logs.describe_log_streams(logGroupName="/aws/lambda/logger")["logStreams"]
        self.assertEqual(len(streams), 1)


if __name__ == "__main__":
    unittest.main()
