"""EventBridge Scheduler and EventBridge scheduled rules invoking Lambda functions:
the control planes (boto3 and the aws CLI), their errors, firing on time, and
schedules surviving a restart. Firing is proven by the function's own CloudWatch
Logs output (FilterLogEvents on /aws/lambda/<name>)."""
import datetime
import io
import json
import stat
import time
import unittest
import zipfile

from botocore.exceptions import ClientError

from harness import Cloudlet

ROLE = "arn:aws:iam::000000000000:role/scheduler-role"
LOGGER = """
import json
def handler(event, context):
    print("EVENT " + json.dumps(event, sort_keys=True))
    return "ok"
"""


def make_zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            z.writestr(info, body)
    return buf.getvalue()


def at_expression(seconds_ahead):
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds_ahead)
    return when, "at(" + when.strftime("%Y-%m-%dT%H:%M:%S") + ")"


class Functions:
    def __init__(self, c):
        self.lam = c.client("lambda")
        self.logs = c.client("logs")

    def create(self, name):
        arn = self.lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                       Code={"ZipFile": make_zip({"app.py": LOGGER})})["FunctionArn"]
        self.lam.get_waiter("function_active_v2").wait(FunctionName=name)
        return arn

    def events(self, name, timeout):
        """The events the function printed, waiting up to `timeout` seconds for the first."""
        deadline = time.time() + timeout
        while True:
            found = []
            try:
                r = self.logs.filter_log_events(logGroupName="/aws/lambda/" + name, filterPattern="EVENT")
                for e in r["events"]:
                    line = e["message"].strip()
                    if line.startswith("EVENT "):
                        found.append((e["timestamp"], json.loads(line[6:])))
            except ClientError as e:
                if e.response["Error"]["Code"] != "ResourceNotFoundException":
                    raise
            if found or time.time() > deadline:
                return found
            time.sleep(0.2)


class SchedulerControlPlaneTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.s = cls.c.client("scheduler")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def create(self, name, expression="rate(5 minutes)", **kw):
        kw.setdefault("FlexibleTimeWindow", {"Mode": "OFF"})
        kw.setdefault("Target", {"Arn": "arn:aws:lambda:us-east-1:000000000000:function:f", "RoleArn": ROLE})
        return self.s.create_schedule(Name=name, ScheduleExpression=expression, **kw)

    def error(self, fn, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(**kw)
        e = cm.exception.response
        return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]

    def test_create_get_update_list_delete(self):
        arn = self.create("crud", "cron(0 12 ? * MON-FRI *)", ScheduleExpressionTimezone="America/New_York",
                          Description="weekdays", State="DISABLED")["ScheduleArn"]
        self.assertEqual(arn, "arn:aws:scheduler:us-east-1:000000000000:schedule/default/crud")
        got = self.s.get_schedule(Name="crud")
        self.assertEqual(got["ScheduleExpression"], "cron(0 12 ? * MON-FRI *)")
        self.assertEqual(got["ScheduleExpressionTimezone"], "America/New_York")
        self.assertEqual(got["State"], "DISABLED")
        self.assertEqual(got["GroupName"], "default")
        self.assertEqual(got["ActionAfterCompletion"], "NONE")
        self.assertEqual(got["Target"]["RetryPolicy"], {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185})
        self.assertIsInstance(got["CreationDate"], datetime.datetime)
        # UpdateSchedule replaces the whole definition.
        self.s.update_schedule(Name="crud", ScheduleExpression="rate(1 hour)", FlexibleTimeWindow={"Mode": "FLEXIBLE",
                               "MaximumWindowInMinutes": 15},
                               Target={"Arn": "arn:aws:sqs:us-east-1:000000000000:q", "RoleArn": ROLE})
        got = self.s.get_schedule(Name="crud")
        self.assertEqual(got["ScheduleExpression"], "rate(1 hour)")
        self.assertNotIn("Description", got)
        self.assertNotIn("ScheduleExpressionTimezone", got)
        self.assertEqual(got["State"], "ENABLED")
        self.assertEqual(got["FlexibleTimeWindow"], {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15})
        names = [x["Name"] for x in self.s.list_schedules(NamePrefix="cru")["Schedules"]]
        self.assertEqual(names, ["crud"])
        self.s.delete_schedule(Name="crud")
        code, msg, status = self.error(self.s.get_schedule, Name="crud")
        self.assertEqual((code, msg, status), ("ResourceNotFoundException", "Schedule crud does not exist.", 404))

    def test_errors(self):
        self.create("dup")
        code, msg, status = self.error(self.create, name="dup")
        self.assertEqual((code, msg, status), ("ConflictException", "Schedule dup already exists.", 409))
        for bad in ["rate(1 minutes)", "rate(5 minute)", "cron(0 12 * * * *)", "cron(0 12 * *)", "at(2025-02-30T00:00:00)",
                    "every day"]:
            code, msg, status = self.error(self.create, name="bad", expression=bad)
            self.assertEqual((code, status), ("ValidationException", 400), bad)
            self.assertEqual(msg, f"Invalid Schedule Expression {bad}.")
        code, msg, _ = self.error(self.create, name="tz", ScheduleExpressionTimezone="Mars/Olympus")
        self.assertEqual(code, "ValidationException")
        code, msg, status = self.error(self.create, name="nogroup", GroupName="missing")
        self.assertEqual((code, msg, status), ("ResourceNotFoundException", "Schedule group missing does not exist.", 404))
        code, _, _ = self.error(self.create, name="flex", FlexibleTimeWindow={"Mode": "FLEXIBLE"})
        self.assertEqual(code, "ValidationException")
        code, _, _ = self.error(self.s.update_schedule, Name="ghost", ScheduleExpression="rate(1 day)",
                                FlexibleTimeWindow={"Mode": "OFF"}, Target={"Arn": "a", "RoleArn": ROLE})
        self.assertEqual(code, "ResourceNotFoundException")
        code, _, _ = self.error(self.s.delete_schedule, Name="ghost")
        self.assertEqual(code, "ResourceNotFoundException")

    def test_groups_tags_and_paging(self):
        group_arn = self.s.create_schedule_group(Name="team", Tags=[{"Key": "owner", "Value": "me"}])["ScheduleGroupArn"]
        self.assertEqual(self.s.get_schedule_group(Name="team")["State"], "ACTIVE")
        self.assertEqual(self.s.get_schedule_group(Name="default")["Name"], "default")
        code, _, status = self.error(self.s.create_schedule_group, Name="team")
        self.assertEqual((code, status), ("ConflictException", 409))
        self.s.tag_resource(ResourceArn=group_arn, Tags=[{"Key": "env", "Value": "dev"}])
        self.s.untag_resource(ResourceArn=group_arn, TagKeys=["owner"])
        self.assertEqual(self.s.list_tags_for_resource(ResourceArn=group_arn)["Tags"], [{"Key": "env", "Value": "dev"}])
        for i in range(5):
            self.create(f"page-{i}", GroupName="team", State="DISABLED" if i % 2 else "ENABLED")
        seen, token = [], None
        while True:
            kw = {"NextToken": token} if token else {}
            r = self.s.list_schedules(GroupName="team", MaxResults=2, **kw)
            seen += [x["Name"] for x in r["Schedules"]]
            token = r.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, [f"page-{i}" for i in range(5)])
        disabled = [x["Name"] for x in self.s.list_schedules(GroupName="team", State="DISABLED")["Schedules"]]
        self.assertEqual(disabled, ["page-1", "page-3"])
        groups = [g["Name"] for g in self.s.list_schedule_groups()["ScheduleGroups"]]
        self.assertIn("default", groups)
        self.assertIn("team", groups)
        # Deleting a group deletes its schedules.
        self.s.delete_schedule_group(Name="team")
        code, _, _ = self.error(self.s.get_schedule, Name="page-0", GroupName="team")
        self.assertEqual(code, "ResourceNotFoundException")
        code, _, _ = self.error(self.s.delete_schedule_group, Name="default")
        self.assertEqual(code, "ValidationException")

    def test_cli(self):
        r = self.c.aws_cli("scheduler", "create-schedule", "--name", "cli", "--schedule-expression", "rate(2 hours)",
                           "--flexible-time-window", "Mode=OFF", "--target",
                           json.dumps({"Arn": "arn:aws:lambda:us-east-1:000000000000:function:f", "RoleArn": ROLE}))
        self.assertIn("schedule/default/cli", json.loads(r.stdout)["ScheduleArn"])
        r = self.c.aws_cli("scheduler", "get-schedule", "--name", "cli")
        self.assertEqual(json.loads(r.stdout)["ScheduleExpression"], "rate(2 hours)")


class EventsControlPlaneTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.e = cls.c.client("events")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def error(self, fn, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(**kw)
        return cm.exception.response["Error"]["Code"], cm.exception.response["Error"]["Message"]

    def test_rules_and_targets(self):
        arn = self.e.put_rule(Name="nightly", ScheduleExpression="cron(0 3 * * ? *)", Description="d")["RuleArn"]
        self.assertEqual(arn, "arn:aws:events:us-east-1:000000000000:rule/nightly")
        self.e.put_rule(Name="pattern-only", EventPattern=json.dumps({"source": ["my.app"]}))
        rule = self.e.describe_rule(Name="nightly")
        self.assertEqual((rule["State"], rule["ScheduleExpression"], rule["EventBusName"]),
                         ("ENABLED", "cron(0 3 * * ? *)", "default"))
        self.e.disable_rule(Name="nightly")
        self.assertEqual(self.e.describe_rule(Name="nightly")["State"], "DISABLED")
        self.e.enable_rule(Name="nightly")
        names = [r["Name"] for r in self.e.list_rules(NamePrefix="n")["Rules"]]
        self.assertEqual(names, ["nightly"])
        r = self.e.put_targets(Rule="nightly", Targets=[
            {"Id": "t1", "Arn": "arn:aws:lambda:us-east-1:000000000000:function:f", "Input": "{\"a\":1}"},
            {"Id": "t2", "Arn": "arn:aws:lambda:us-east-1:000000000000:function:g"}])
        self.assertEqual(r["FailedEntryCount"], 0)
        ids = [t["Id"] for t in self.e.list_targets_by_rule(Rule="nightly")["Targets"]]
        self.assertEqual(ids, ["t1", "t2"])
        self.assertEqual(self.error(self.e.delete_rule, Name="nightly"),
                         ("ValidationException", "Rule can't be deleted since it has targets."))
        code, _ = self.error(self.e.put_targets, Rule="nightly", Targets=[
            {"Id": f"x{i}", "Arn": "arn:aws:lambda:us-east-1:000000000000:function:f"} for i in range(4)])
        self.assertEqual(code, "LimitExceededException")
        self.e.remove_targets(Rule="nightly", Ids=["t1", "t2"])
        self.e.delete_rule(Name="nightly")
        self.assertEqual(self.error(self.e.describe_rule, Name="nightly"),
                         ("ResourceNotFoundException", "Rule nightly does not exist on EventBus default."))

    def test_errors(self):
        for bad in ["rate(1 minutes)", "cron(0 12 * * * *)", "at(2030-01-01T00:00:00)", "cron(0 12 * * ?)"]:
            self.assertEqual(self.error(self.e.put_rule, Name="bad", ScheduleExpression=bad),
                             ("ValidationException", "Parameter ScheduleExpression is not valid."), bad)
        code, _ = self.error(self.e.put_rule, Name="neither")
        self.assertEqual(code, "ValidationException")
        code, _ = self.error(self.e.put_rule, Name="pat", EventPattern="not json")
        self.assertEqual(code, "InvalidEventPatternException")
        code, _ = self.error(self.e.put_targets, Rule="ghost", Targets=[{"Id": "a", "Arn": "arn:aws:sqs:x"}])
        self.assertEqual(code, "ResourceNotFoundException")

    def test_cli(self):
        r = self.c.aws_cli("events", "put-rule", "--name", "cli-rule", "--schedule-expression", "rate(5 minutes)")
        self.assertIn("rule/cli-rule", json.loads(r.stdout)["RuleArn"])
        r = self.c.aws_cli("events", "describe-rule", "--name", "cli-rule")
        self.assertEqual(json.loads(r.stdout)["ScheduleExpression"], "rate(5 minutes)")


class FiringTest(unittest.TestCase):
    """Schedules invoking real functions. Each test waits for one fire."""

    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet().start()
        cls.f = Functions(cls.c)
        cls.s = cls.c.client("scheduler")
        cls.e = cls.c.client("events")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def test_at_schedule_invokes_lambda_on_time_and_deletes_itself(self):
        arn = self.f.create("at-target")
        when, expression = at_expression(3)
        self.s.create_schedule(Name="once", ScheduleExpression=expression, FlexibleTimeWindow={"Mode": "OFF"},
                               ActionAfterCompletion="DELETE",
                               Target={"Arn": arn, "RoleArn": ROLE, "Input": json.dumps({"hello": "at"})})
        events = self.f.events("at-target", timeout=30)
        self.assertEqual([e for _, e in events], [{"hello": "at"}])
        # The function logs after it ran; the schedule fired at its second,
        # the invocation then takes a cold start.
        fired_ms = events[0][0]
        self.assertGreaterEqual(fired_ms, int(when.replace(microsecond=0).timestamp() * 1000))
        with self.assertRaises(ClientError):
            self.s.get_schedule(Name="once")

    def test_scheduled_rule_sends_the_scheduled_event(self):
        arn = self.f.create("rule-target")
        now = datetime.datetime.now(datetime.timezone.utc)
        if now.second > 50:  # keep the wait under a minute and a half
            time.sleep(61 - now.second)
            now = datetime.datetime.now(datetime.timezone.utc)
        nxt = now + datetime.timedelta(minutes=1)
        rule_arn = self.e.put_rule(Name="next-minute",
                                   ScheduleExpression=f"cron({nxt.minute} {nxt.hour} * * ? *)")["RuleArn"]
        self.e.put_targets(Rule="next-minute", Targets=[{"Id": "fn", "Arn": arn}])
        events = self.f.events("rule-target", timeout=75)
        self.assertEqual(len(events), 1)
        event = events[0][1]
        self.assertEqual(event["detail-type"], "Scheduled Event")
        self.assertEqual(event["source"], "aws.events")
        self.assertEqual(event["resources"], [rule_arn])
        self.assertEqual(event["time"], nxt.strftime("%Y-%m-%dT%H:%M:00Z"))
        self.assertEqual((event["version"], event["account"], event["region"], event["detail"]),
                         ("0", "000000000000", "us-east-1", {}))


class RestartTest(unittest.TestCase):
    def test_schedules_survive_a_restart_and_a_missed_at_fires_once(self):
        c = Cloudlet().start()
        try:
            f = Functions(c)
            arn = f.create("restart-target")
            s = c.client("scheduler")
            _, expression = at_expression(4)
            s.create_schedule(Name="missed", ScheduleExpression=expression, FlexibleTimeWindow={"Mode": "OFF"},
                              Target={"Arn": arn, "RoleArn": ROLE, "Input": "{\"n\": 1}"})
            s.create_schedule(Name="recurring", ScheduleExpression="cron(0 0 1 1 ? 2099)",
                              FlexibleTimeWindow={"Mode": "OFF"}, Target={"Arn": arn, "RoleArn": ROLE})
            c.stop()
            time.sleep(5)  # the at() time passes while cloudlet is down
            c.start()
            s = c.client("scheduler")
            self.assertEqual(s.get_schedule(Name="recurring")["ScheduleExpression"], "cron(0 0 1 1 ? 2099)")
            f = Functions(c)
            events = f.events("restart-target", timeout=30)
            self.assertEqual([e for _, e in events], [{"n": 1}])
            c.stop()
            c.start()  # fired once: a second restart does not fire it again
            time.sleep(2)
            self.assertEqual(len(Functions(c).events("restart-target", timeout=0)), 1)
        finally:
            c.cleanup()


if __name__ == "__main__":
    unittest.main()
