"""CloudWatch Logs: the API subset, and Lambda function output under /aws/lambda/<name>."""
import collections
import io
import json
import threading
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


class TailFollow:
    """The calls `aws logs tail <group> --follow` makes (aws-cli v2's
    FollowLogEventsGenerator; the machine's aws-cli v1 has no `logs tail`):
    FilterLogEvents(interleaved, startTime = --since) page by page with
    nextToken; on the last page, poll again from the newest timestamp seen and
    drop events whose eventId was already yielded at that timestamp."""

    def __init__(self, logs, group, since_ms, poll_seconds=0.2, **kwargs):
        self.logs, self.poll_seconds = logs, poll_seconds
        self.kwargs = dict(logGroupName=group, interleaved=True, startTime=since_ms, **kwargs)
        self.seen = collections.defaultdict(set)

    def events(self, until):
        while time.time() < until:
            response = self.logs.filter_log_events(**self.kwargs)
            for event in response["events"]:
                if event["eventId"] not in self.seen[event["timestamp"]]:
                    self.seen[event["timestamp"]].add(event["eventId"])
                    yield event
            if self.seen:
                newest = max(self.seen)
                self.seen = collections.defaultdict(set, {newest: self.seen[newest]})
            if "nextToken" in response:
                self.kwargs["nextToken"] = response["nextToken"]
            else:
                if self.seen:
                    self.kwargs["startTime"] = max(self.seen)
                self.kwargs.pop("nextToken", None)
                time.sleep(self.poll_seconds)


class LogsTailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.logs = cls.c.client("logs")
        cls.lam = cls.c.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def test_tail_follow_sees_each_new_line_once(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("app.py", "def handler(e, c):\n    for i in range(e['lines']):\n"
                                 "        print('line', e['n'], i)\n    return 1\n")
        self.lam.create_function(FunctionName="tailed", Runtime="python3.12", Handler="app.handler",
                                 Role="arn:aws:iam::000000000000:role/r", Code={"ZipFile": buf.getvalue()})
        since = int(time.time() * 1000) - 600_000  # --since 10m, the default
        self.lam.invoke(FunctionName="tailed", Payload=json.dumps({"n": 0, "lines": 2}))
        invoked = []

        def invoke_later():
            for n in (1, 2, 3):
                time.sleep(0.4)
                self.lam.invoke(FunctionName="tailed", Payload=json.dumps({"n": n, "lines": 30}))
                invoked.append(n)

        # Small pages, so that the follower walks nextToken as well as polling.
        follower = TailFollow(self.logs, "/aws/lambda/tailed", since, limit=7)
        thread = threading.Thread(target=invoke_later)
        thread.start()
        lines, reports = [], 0
        for event in follower.events(until=time.time() + 30):
            lines.append(event["message"].rstrip("\n"))
            reports += event["message"].startswith("REPORT ")
            if reports == 4:
                break
        thread.join()
        self.assertEqual(invoked, [1, 2, 3])
        printed = [l for l in lines if l.startswith("line ")]
        expected = ["line 0 0", "line 0 1"] + [f"line {n} {i}" for n in (1, 2, 3) for i in range(30)]
        self.assertEqual(printed, expected)  # every line, once, in order
        self.assertEqual(sum(l.startswith("START RequestId:") for l in lines), 4)
        self.assertEqual(sum(l.startswith("END RequestId:") for l in lines), 4)

    def test_tail_filter_pattern_and_stream_names(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("app.py", "def handler(e, c):\n    print('needle' if e else 'hay')\n    return 1\n")
        self.lam.create_function(FunctionName="filtered", Runtime="python3.12", Handler="app.handler",
                                 Role="arn:aws:iam::000000000000:role/r", Code={"ZipFile": buf.getvalue()})
        since = int(time.time() * 1000) - 1000
        for payload in ({}, {"x": 1}, {}, {"x": 2}):
            self.lam.invoke(FunctionName="filtered", Payload=json.dumps(payload))
        stream = self.logs.describe_log_streams(logGroupName="/aws/lambda/filtered")["logStreams"][0]["logStreamName"]
        follower = TailFollow(self.logs, "/aws/lambda/filtered", since, filterPattern="needle",
                              logStreamNames=[stream])
        found = [e["message"].strip() for e in follower.events(until=time.time() + 1.5)]
        self.assertEqual(found, ["needle", "needle"])


if __name__ == "__main__":
    unittest.main()
