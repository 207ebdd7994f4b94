"""Versions, aliases, reserved concurrency, resource policies and tags through
boto3 and the aws CLI against a fresh cloudlet, with a Python echo function."""
import io
import json
import unittest
import unittest.mock
import zipfile

from botocore.exceptions import ClientError

from harness import Cloudlet

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def code(tag):
    body = f"""
def handler(event, context):
    return {{"code": "{tag}", "version": context.function_version, "event": event}}
"""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("app.py", body)
    return buf.getvalue()


class LambdaVersionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet(in_memory=True).start()
        cls.lam = cls.c.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def create(self, name, tag="v1", **kw):
        self.lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                 Code={"ZipFile": code(tag)}, **kw)
        self.lam.get_waiter("function_active_v2").wait(FunctionName=name)

    def invoke(self, name, qualifier=None):
        kw = {"Qualifier": qualifier} if qualifier else {}
        r = self.lam.invoke(FunctionName=name, Payload=b"{}", **kw)
        return r["ExecutedVersion"], json.loads(r["Payload"].read())

    def assertError(self, call, code, status, message=None):
        with self.assertRaises(ClientError) as ctx:
            call()
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertEqual(err["Error"]["Message"], message)

    def test_publish_invoke_versions_and_update_code(self):
        self.create("ver")
        v1 = self.lam.publish_version(FunctionName="ver", Description="first")
        self.assertEqual(v1["Version"], "1")
        self.assertEqual(v1["FunctionArn"], ARN + "ver:1")
        self.lam.get_waiter("published_version_active").wait(FunctionName="ver", Qualifier="1",
                                                             WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        self.assertEqual(self.lam.publish_version(FunctionName="ver")["Version"], "1")  # nothing changed
        self.lam.update_function_code(FunctionName="ver", ZipFile=code("v2"))
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="ver")
        self.assertEqual(self.invoke("ver", "1"), ("1", {"code": "v1", "version": "1", "event": {}}))
        self.assertEqual(self.invoke("ver"), ("$LATEST", {"code": "v2", "version": "$LATEST", "event": {}}))
        v2 = self.lam.update_function_code(FunctionName="ver", ZipFile=code("v3"), Publish=True)
        self.assertEqual(v2["Version"], "2")
        self.assertEqual(self.invoke(ARN + "ver:2")[1]["code"], "v3")
        cfg = self.lam.get_function(FunctionName="ver", Qualifier="1")["Configuration"]
        self.assertEqual((cfg["Version"], cfg["Description"]), ("1", "first"))
        self.assertError(lambda: self.invoke("ver", "7"), "ResourceNotFoundException", 404,
                         "Function not found: " + ARN + "ver:7")
        self.lam.delete_function(FunctionName="ver", Qualifier="1")
        self.assertError(lambda: self.lam.get_function(FunctionName="ver", Qualifier="1"),
                         "ResourceNotFoundException", 404)
        self.assertError(lambda: self.lam.delete_function(FunctionName="ver", Qualifier="$LATEST"),
                         "InvalidParameterValueException", 400,
                         "$LATEST version cannot be deleted without deleting the function.")
        self.assertError(lambda: self.lam.publish_version(FunctionName="ver", CodeSha256="nope"),
                         "InvalidParameterValueException", 400)

    def test_list_versions_pages(self):
        self.create("pages")
        for timeout in (4, 5, 6):
            self.lam.update_function_configuration(FunctionName="pages", Timeout=timeout)
            self.lam.publish_version(FunctionName="pages")
        first = self.lam.list_versions_by_function(FunctionName="pages", MaxItems=2)
        self.assertEqual([v["Version"] for v in first["Versions"]], ["$LATEST", "1"])
        rest = self.lam.list_versions_by_function(FunctionName="pages", Marker=first["NextMarker"])
        self.assertEqual([v["Version"] for v in rest["Versions"]], ["2", "3"])
        self.assertNotIn("NextMarker", rest)
        paged = [v["Version"] for page in self.lam.get_paginator("list_versions_by_function").paginate(
            FunctionName="pages", PaginationConfig={"PageSize": 1}) for v in page["Versions"]]
        self.assertEqual(paged, ["$LATEST", "1", "2", "3"])

    def test_aliases_and_weighted_routing(self):
        self.create("ali")
        self.lam.publish_version(FunctionName="ali")
        self.lam.update_function_code(FunctionName="ali", ZipFile=code("v2"), Publish=True)
        alias = self.lam.create_alias(FunctionName="ali", Name="live", FunctionVersion="1",
                                      RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
        self.assertEqual(alias["AliasArn"], ARN + "ali:live")
        counts = {"1": 0, "2": 0}
        for _ in range(200):
            version, payload = self.invoke("ali", "live")
            self.assertEqual(payload["code"], "v" + version)
            counts[version] += 1
        # Binomial(200, 0.5): below 40 on either side has odds under 1e-17.
        self.assertGreater(counts["1"], 40, counts)
        self.assertGreater(counts["2"], 40, counts)
        self.lam.update_alias(FunctionName="ali", Name="live", FunctionVersion="2", RoutingConfig={})
        self.assertEqual(self.invoke(ARN + "ali:live")[0], "2")
        cfg = self.lam.get_function_configuration(FunctionName="ali", Qualifier="live")
        self.assertEqual((cfg["Version"], cfg["FunctionArn"]), ("2", ARN + "ali:live"))
        self.assertEqual([a["Name"] for a in self.lam.list_aliases(FunctionName="ali")["Aliases"]], ["live"])
        self.assertError(lambda: self.lam.create_alias(FunctionName="ali", Name="live", FunctionVersion="1"),
                         "ResourceConflictException", 409, "Alias already exists: " + ARN + "ali:live")
        self.assertError(lambda: self.lam.create_alias(FunctionName="ali", Name="12", FunctionVersion="1"),
                         "ValidationException", 400)
        self.assertError(lambda: self.lam.create_alias(
            FunctionName="ali", Name="x", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": 1.5}}),
            "ValidationException", 400)
        self.assertError(lambda: self.lam.create_alias(
            FunctionName="ali", Name="x", FunctionVersion="$LATEST", RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}}),
            "InvalidParameterValueException", 400, "$LATEST is not supported for an alias pointing to more than 1 version")
        self.assertError(lambda: self.lam.delete_function(FunctionName="ali", Qualifier="2"),
                         "ResourceConflictException", 409,
                         "Unable to delete version because the following aliases reference it: [live]")
        self.assertError(lambda: self.lam.get_alias(FunctionName="ali", Name="nope"), "ResourceNotFoundException", 404,
                         "Cannot find alias arn: " + ARN + "ali:nope")
        url = self.lam.create_function_url_config(FunctionName="ali", Qualifier="live", AuthType="NONE")
        self.assertEqual(url["FunctionArn"], ARN + "ali:live")
        self.lam.create_function_url_config(FunctionName="ali", AuthType="NONE")
        self.assertEqual(len(self.lam.list_function_url_configs(FunctionName="ali")["FunctionUrlConfigs"]), 2)
        self.assertError(lambda: self.lam.create_function_url_config(FunctionName="ali", Qualifier="1", AuthType="NONE"),
                         "ValidationException", 400)
        self.lam.delete_alias(FunctionName="ali", Name="live")  # takes its URL along
        self.assertEqual(len(self.lam.list_function_url_configs(FunctionName="ali")["FunctionUrlConfigs"]), 1)

    def test_reserved_concurrency(self):
        self.create("conc")
        self.assertEqual(self.lam.put_function_concurrency(FunctionName="conc", ReservedConcurrentExecutions=3),
                         {"ReservedConcurrentExecutions": 3, "ResponseMetadata": unittest.mock.ANY})
        self.assertEqual(self.lam.get_function_concurrency(FunctionName="conc")["ReservedConcurrentExecutions"], 3)
        self.assertEqual(self.lam.get_function(FunctionName="conc")["Concurrency"], {"ReservedConcurrentExecutions": 3})
        limit = self.lam.get_account_settings()["AccountLimit"]
        self.assertEqual(limit["UnreservedConcurrentExecutions"], limit["ConcurrentExecutions"] - 3)
        self.assertEqual(self.invoke("conc")[0], "$LATEST")
        self.assertError(lambda: self.lam.put_function_concurrency(
            FunctionName="conc", ReservedConcurrentExecutions=limit["ConcurrentExecutions"]),
            "InvalidParameterValueException", 400)
        self.lam.put_function_concurrency(FunctionName="conc", ReservedConcurrentExecutions=0)
        self.assertError(lambda: self.invoke("conc"), "TooManyRequestsException", 429)
        self.lam.delete_function_concurrency(FunctionName="conc")
        self.assertNotIn("ReservedConcurrentExecutions", self.lam.get_function_concurrency(FunctionName="conc"))
        self.assertEqual(self.invoke("conc")[0], "$LATEST")

    def test_policy_round_trip(self):
        self.create("pol")
        self.assertError(lambda: self.lam.get_policy(FunctionName="pol"), "ResourceNotFoundException", 404,
                         "The resource you requested does not exist.")
        added = self.lam.add_permission(FunctionName="pol", StatementId="s3", Action="lambda:InvokeFunction",
                                        Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::bucket",
                                        SourceAccount="000000000000")
        statement = json.loads(added["Statement"])
        self.assertEqual(statement["Principal"], {"Service": "s3.amazonaws.com"})
        self.assertEqual(statement["Condition"], {"StringEquals": {"AWS:SourceAccount": "000000000000"},
                                                  "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"}})
        self.assertError(lambda: self.lam.add_permission(FunctionName="pol", StatementId="s3", Action="lambda:*",
                                                         Principal="*"), "ResourceConflictException", 409)
        policy = self.lam.get_policy(FunctionName="pol")
        self.assertEqual(json.loads(policy["Policy"])["Statement"], [statement])
        self.lam.remove_permission(FunctionName="pol", StatementId="s3", RevisionId=policy["RevisionId"])
        self.assertError(lambda: self.lam.remove_permission(FunctionName="pol", StatementId="s3"),
                         "ResourceNotFoundException", 404)

    def test_tags_round_trip(self):
        self.create("tagged", Tags={"team": "a"})
        arn = ARN + "tagged"
        self.lam.tag_resource(Resource=arn, Tags={"env": "dev", "cost": "1"})
        self.lam.untag_resource(Resource=arn, TagKeys=["team", "cost"])
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"env": "dev"})
        self.assertEqual(self.lam.get_function(FunctionName="tagged")["Tags"], {"env": "dev"})
        self.assertError(lambda: self.lam.list_tags(Resource=arn + ":1"), "InvalidParameterValueException", 400)
        self.assertError(lambda: self.lam.tag_resource(Resource=ARN + "missing", Tags={"a": "b"}),
                         "ResourceNotFoundException", 404)
        self.assertError(lambda: self.lam.tag_resource(Resource=arn, Tags={f"k{i}": "v" for i in range(51)}),
                         "InvalidParameterValueException", 400, "Number of tags exceeds function tag limit.")

    def test_cli(self):
        self.create("cli")
        published = json.loads(self.c.aws_cli("lambda", "publish-version", "--function-name", "cli").stdout)
        self.assertEqual(published["Version"], "1")
        alias = json.loads(self.c.aws_cli("lambda", "create-alias", "--function-name", "cli", "--name", "prod",
                                          "--function-version", "1").stdout)
        self.assertEqual(alias["AliasArn"], ARN + "cli:prod")
        self.c.aws_cli("lambda", "add-permission", "--function-name", "cli", "--qualifier", "prod",
                       "--statement-id", "api", "--action", "lambda:InvokeFunction",
                       "--principal", "apigateway.amazonaws.com")
        policy = json.loads(json.loads(self.c.aws_cli("lambda", "get-policy", "--function-name", "cli",
                                                      "--qualifier", "prod").stdout)["Policy"])
        self.assertEqual(policy["Statement"][0]["Resource"], ARN + "cli:prod")
        missing = self.c.aws_cli("lambda", "get-policy", "--function-name", "cli", check=False)
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("ResourceNotFoundException", missing.stderr)


if __name__ == "__main__":
    unittest.main()
