#!/usr/bin/env python3
"""Writes sigv4_vectors.json: requests signed by botocore's own SigV4 signers.

botocore is the reference every AWS SDK agrees with, so a request it signs is
what cloudlet must accept, byte for byte. Each vector is the request as it
would reach the server (method, raw target, headers, body), the credentials
the server knows, the server's clock, and the expected verdict. Negative
vectors tamper with a signed request after the fact.

Run from anywhere:  python3 tests/unit/aws/gen_sigv4_vectors.py
The output is deterministic (fixed clock), so re-running it changes nothing
unless botocore's signing changes.
"""
import datetime
import json
import os
from unittest import mock
from urllib.parse import urlsplit

from botocore.auth import (
    S3SigV4Auth,
    S3SigV4QueryAuth,
    SigV4Auth,
    SigV4QueryAuth,
    _host_from_url,
)
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

SIGN_TIME = datetime.datetime(2024, 3, 9, 16, 5, 27)
ENDPOINT = "http://localhost:4566"
STAMP = "%Y%m%dT%H%M%SZ"


def amz(t):
    return t.strftime(STAMP)


def at(seconds):
    """The server clock, `seconds` after signing."""
    return amz(SIGN_TIME + datetime.timedelta(seconds=seconds))


def sign(signer_cls, method, url, service, region="us-east-1", headers=(), body=b"",
         akid="test", secret="test", token=None, expires=None, unsigned_payload=False):
    """Signs like botocore does on the way out; returns the request as sent."""
    creds = Credentials(akid, secret, token)
    request = AWSRequest(method=method, url=url, data=body)
    for name, value in headers:
        request.headers[name] = value  # HTTPHeaders appends: repeated names stay repeated
    # botocore never signs User-Agent; sending one proves the verifier ignores it.
    request.headers["User-Agent"] = "Boto3/1.34 md/Botocore#1.34 ua/2.0 os/linux"
    if unsigned_payload:
        request.context["payload_signing_enabled"] = False
        request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    if signer_cls in (SigV4QueryAuth, S3SigV4QueryAuth):
        signer = signer_cls(creds, service, region, expires=expires or 3600)
    else:
        signer = signer_cls(creds, service, region)
    with mock.patch("botocore.auth.get_current_datetime", return_value=SIGN_TIME):
        signer.add_auth(request)
    parts = urlsplit(request.url)
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    wire_headers = [[k, v] for k, v in request.headers.items()]
    if not any(k.lower() == "host" for k, _ in wire_headers):
        wire_headers.insert(0, ["Host", _host_from_url(url)])
    data = request.data or b""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data:
        wire_headers.append(["Content-Length", str(len(data))])
    wire_headers.append(["Accept-Encoding", "identity"])
    return {"method": method, "target": target, "headers": wire_headers, "body": data.decode("utf-8")}


def vector(name, req, expect, now=30, s3=False, store=(("test", "test", ""),), **options):
    v = {"name": name, **req, "now": at(now), "s3": s3,
         "credentials": [{"access_key": a, "secret_key": s, "session_token": t} for a, s, t in store],
         "expect": expect}
    v.update(options)
    return v


def ok(service, region="us-east-1", akid="test", presigned=False):
    return {"ok": True, "access_key": akid, "region": region, "service": service, "presigned": presigned}


def fail(kind, message=None):
    e = {"ok": False, "kind": kind}
    if message is not None:
        e["message"] = message
    return e


def header(req, name):
    return next(v for k, v in req["headers"] if k.lower() == name.lower())


def set_header(req, name, value):
    req = json.loads(json.dumps(req))
    req["headers"] = [[k, value if k.lower() == name.lower() else v] for k, v in req["headers"]]
    return req


def replace(req, field, old, new):
    req = json.loads(json.dumps(req))
    assert old in req[field], (field, old)
    req[field] = req[field].replace(old, new, 1)
    return req


MISMATCH = "kSignatureMismatch"
DDB_HEADERS = [("X-Amz-Target", "DynamoDB_20120810.PutItem"),
               ("Content-Type", "application/x-amz-json-1.0")]
DDB_BODY = b'{"TableName":"t","Item":{"pk":{"S":"caf\xc3\xa9 \xe2\x98\x83"}}}'
LAMBDA_QUERY = percent_encode_sequence([
    ("Marker", "a b"), ("plus", "1+2"), ("eq", "x=y&z"), ("uni", "café ☃"), ("rep", "2"), ("rep", "1"),
    ("empty", ""), ("MaxItems", "10"), ("tilde", "a~b-c_d.e"), ("slash", "a/b"), ("Zed", "upper-sorts-first"),
])


def build():
    vs = []
    ddb = sign(SigV4Auth, "POST", ENDPOINT + "/", "dynamodb", headers=DDB_HEADERS, body=DDB_BODY)
    vs.append(vector("dynamodb_put_item", ddb, ok("dynamodb")))
    vs.append(vector("dynamodb_expected_service", ddb, ok("dynamodb"), expected_service="dynamodb"))
    vs.append(vector("dynamodb_wrong_expected_service", ddb,
                     fail("kMalformed", "Credential should be scoped to correct service: 'lambda'."),
                     expected_service="lambda"))
    tok = sign(SigV4Auth, "POST", ENDPOINT + "/", "dynamodb", headers=DDB_HEADERS, body=DDB_BODY,
               akid="ASIAEXAMPLE", secret="s3cr3t/+KEY", token="IQoJb3JpZ2luX2VjE+/=")
    vs.append(vector("dynamodb_session_token", tok, ok("dynamodb", akid="ASIAEXAMPLE"),
                     store=(("ASIAEXAMPLE", "s3cr3t/+KEY", "IQoJb3JpZ2luX2VjE+/="),)))
    vs.append(vector("session_token_not_stored_any_accepted", tok, ok("dynamodb", akid="ASIAEXAMPLE"),
                     store=(("ASIAEXAMPLE", "s3cr3t/+KEY", ""),)))
    vs.append(vector("session_token_differs", tok, fail("kInvalidToken"),
                     store=(("ASIAEXAMPLE", "s3cr3t/+KEY", "other-token"),)))
    vs.append(vector("session_token_missing", ddb, fail("kInvalidToken"),
                     store=(("test", "test", "required-token"),)))

    lam = sign(SigV4Auth, "GET", ENDPOINT + "/2015-03-31/functions/?" + LAMBDA_QUERY, "lambda", region="eu-west-1")
    vs.append(vector("lambda_query_encoding", lam, ok("lambda", "eu-west-1")))
    vs.append(vector("lambda_query_tampered", replace(lam, "target", "MaxItems=10", "MaxItems=11"), fail(MISMATCH)))
    vs.append(vector("lambda_query_param_added", replace(lam, "target", "?", "?extra=1&"), fail(MISMATCH)))
    for name, path in [
        ("path_space", "/2015-03-31/functions/my%20func/invocations"),
        ("path_encoded_slash", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af"
                               "/policy/stmt%2F1"),
        ("path_dot_segments", "/restapis/./abc/../abc/stages//prod/"),
        ("path_dot_dot_above_root", "/../a/b/.."),
        ("path_unicode_encoded", "/caf%C3%A9/%E2%98%83"),
        ("path_unicode_raw", "/café/☃"),
        ("path_reserved_chars", "/a:b@c!d$e'f(g)h*i,j;k=l+m"),
        ("path_empty", ""),
    ]:
        req = sign(SigV4Auth, "POST", ENDPOINT + path, "lambda", body=b'{"k":"v"}')
        vs.append(vector("nons3_" + name, req, ok("lambda")))
    empty_sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    space = sign(SigV4Auth, "GET", ENDPOINT + "/functions/my%20func", "lambda",
                 headers=[("X-Amz-Content-SHA256", empty_sha)])
    vs.append(vector("nons3_signed_path_checked_s3_style", space, fail(MISMATCH), s3=True))
    vs.append(vector("nons3_explicit_content_sha256", space, ok("lambda")))
    no_sha = sign(SigV4Auth, "GET", ENDPOINT + "/bucket/key", "s3")
    vs.append(vector("s3_missing_content_sha256", no_sha, fail(
        "kMalformed", "Missing required header for this request: x-amz-content-sha256"), s3=True))

    rep = sign(SigV4Auth, "POST", ENDPOINT + "/", "dynamodb", body=b"{}", headers=DDB_HEADERS + [
        ("X-Amz-Meta-Repeated", "  first   value  "), ("X-Amz-Meta-Repeated", "second"),
        ("X-Custom-Spaces", "a  b\t\tc   d"), ("x-lower", "Mixed Case Value")])
    vs.append(vector("headers_repeated_and_spaces", rep, ok("dynamodb")))
    vs.append(vector("headers_unsigned_tampered", set_header(rep, "User-Agent", "curl/8"), ok("dynamodb")))
    vs.append(vector("headers_spaces_recollapsed", set_header(rep, "X-Custom-Spaces", "a b c d"), ok("dynamodb")))
    vs.append(vector("headers_signed_tampered", set_header(rep, "X-Amz-Target", "DynamoDB_20120810.GetItem"),
                     fail(MISMATCH)))
    vs.append(vector("body_tampered", replace(ddb, "body", '"t"', '"u"'), fail(MISMATCH)))

    sts_body = b"Action=GetCallerIdentity&Version=2011-06-15"
    dated = sign(SigV4Auth, "POST", ENDPOINT + "/", "sts", body=sts_body, headers=[
        ("Date", "placeholder"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
    vs.append(vector("http_date_header_instead_of_x_amz_date", dated, ok("sts")))

    vs.append(vector("unsigned_payload_nons3",
                     sign(SigV4Auth, "POST", "https://localhost:4566/", "dynamodb", headers=DDB_HEADERS,
                          body=DDB_BODY, unsigned_payload=True), ok("dynamodb")))

    s3put = sign(S3SigV4Auth, "PUT", ENDPOINT + "/bucket/dir/my%20file%2B%C3%A9.txt", "s3",
                 body=b"hello world", headers=[("Content-Type", "text/plain")])
    vs.append(vector("s3_put_object", s3put, ok("s3"), s3=True))
    vs.append(vector("s3_put_object_body_tampered", replace(s3put, "body", "hello", "jello"),
                     fail("kContentSha256Mismatch"), s3=True))
    vs.append(vector("s3_signed_path_checked_nons3_style", s3put, fail(MISMATCH), s3=False))
    for name, path in [("dot_segments_kept", "/bucket/a/../b/./c"), ("double_slash", "/bucket//key"),
                       ("encoded_slash", "/bucket/a%2Fb"), ("unicode", "/bucket/%E2%98%83/caf%C3%A9")]:
        req = sign(S3SigV4Auth, "GET", ENDPOINT + path, "s3")
        vs.append(vector("s3_" + name, req, ok("s3"), s3=True))
    vs.append(vector("s3_get_bucket_acl_valueless_param",
                     sign(S3SigV4Auth, "GET", ENDPOINT + "/bucket?acl", "s3"), ok("s3"), s3=True))
    vs.append(vector("s3_list_objects_query",
                     sign(S3SigV4Auth, "GET", ENDPOINT + "/bucket?" + percent_encode_sequence(
                         [("list-type", "2"), ("prefix", "a b/ü"), ("delimiter", "/")]), "s3"),
                     ok("s3"), s3=True))
    unsigned = sign(S3SigV4Auth, "PUT", "https://localhost:4566/bucket/key", "s3", body=b"streamed",
                    unsigned_payload=True)
    assert header(unsigned, "X-Amz-Content-SHA256") == "UNSIGNED-PAYLOAD"
    vs.append(vector("s3_unsigned_payload", unsigned, ok("s3"), s3=True))
    vs.append(vector("s3_unsigned_payload_body_free", replace(unsigned, "body", "streamed", "anything"),
                     ok("s3"), s3=True))

    pget = sign(S3SigV4QueryAuth, "GET", ENDPOINT + "/bucket/key%20x?versionId=abc", "s3", expires=3600)
    vs.append(vector("s3_presigned_get", pget, ok("s3", presigned=True), s3=True))
    vs.append(vector("s3_presigned_get_last_second", pget, ok("s3", presigned=True), now=3600, s3=True))
    vs.append(vector("s3_presigned_get_expired", pget, fail("kExpired", "Request has expired"), now=3601, s3=True))
    vs.append(vector("s3_presigned_get_early_within_skew", pget, ok("s3", presigned=True), now=-900, s3=True))
    vs.append(vector("s3_presigned_get_not_yet_valid", pget, fail("kNotYetValid", "Request is not valid yet"),
                     now=-901, s3=True))
    vs.append(vector("s3_presigned_get_tampered", replace(pget, "target", "versionId=abc", "versionId=abd"),
                     fail(MISMATCH), s3=True))
    vs.append(vector("s3_presigned_get_expires_raised", replace(pget, "target", "X-Amz-Expires=3600",
                                                                "X-Amz-Expires=7200"), fail(MISMATCH), s3=True))
    # A presigned URL is signed without a body; the holder of the URL sends one.
    pput = sign(S3SigV4QueryAuth, "PUT", ENDPOINT + "/bucket/up%20load.bin", "s3",
                akid="ASIAPRESIGN", secret="presign-secret", token="tok+en/==", expires=604800)
    pput["body"] = "payload"
    pput["headers"].append(["Content-Length", "7"])
    vs.append(vector("s3_presigned_put_token_week", pput, ok("s3", akid="ASIAPRESIGN", presigned=True),
                     now=604800, s3=True, store=(("ASIAPRESIGN", "presign-secret", "tok+en/=="),)))
    vs.append(vector("s3_presigned_put_token_wrong", pput, fail("kInvalidToken"), s3=True,
                     store=(("ASIAPRESIGN", "presign-secret", "another"),)))
    too_long = sign(S3SigV4QueryAuth, "GET", ENDPOINT + "/bucket/key", "s3", expires=604801)
    vs.append(vector("s3_presigned_expires_over_a_week", too_long, fail(
        "kMalformed", "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
                      "less than 604800 seconds"), s3=True))
    psts = sign(SigV4QueryAuth, "GET", ENDPOINT + "/?Action=GetCallerIdentity&Version=2011-06-15", "sts",
                region="us-west-2", expires=900)
    vs.append(vector("nons3_presigned_sts", psts, ok("sts", "us-west-2", presigned=True)))

    window = datetime.timedelta(seconds=900)
    vs.append(vector("skew_late_boundary_ok", ddb, ok("dynamodb"), now=900))
    vs.append(vector("skew_early_boundary_ok", ddb, ok("dynamodb"), now=-900))
    late = SIGN_TIME + datetime.timedelta(seconds=901)
    vs.append(vector("skew_expired", ddb, fail("kExpired", "Signature expired: %s is now earlier than %s (%s - 15 min.)"
                                               % (amz(SIGN_TIME), amz(late - window), amz(late))), now=901))
    early = SIGN_TIME - datetime.timedelta(seconds=901)
    vs.append(vector("skew_not_yet_current", ddb, fail(
        "kNotYetValid", "Signature not yet current: %s is still later than %s (%s + 15 min.)"
        % (amz(SIGN_TIME), amz(early + window), amz(early))), now=-901))

    vs.append(vector("wrong_secret", sign(SigV4Auth, "POST", ENDPOINT + "/", "dynamodb", headers=DDB_HEADERS,
                                          body=DDB_BODY, secret="not-test"), fail(MISMATCH)))
    vs.append(vector("unknown_access_key", sign(SigV4Auth, "POST", ENDPOINT + "/", "dynamodb", headers=DDB_HEADERS,
                                                body=DDB_BODY, akid="AKIDUNKNOWN"),
                     fail("kUnknownAccessKey", "The security token included in the request is invalid.")))
    day = amz(SIGN_TIME)[:8]
    wrong_day = set_header(ddb, "Authorization", header(ddb, "Authorization").replace("/" + day + "/", "/20240308/"))
    vs.append(vector("scope_date_mismatch", wrong_day, fail(
        "kMalformed", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                      "'20240308' != '%s', from '%s'." % (day, amz(SIGN_TIME)))))
    bad_term = set_header(ddb, "Authorization", header(ddb, "Authorization").replace("aws4_request", "aws5_request"))
    vs.append(vector("scope_bad_terminator", bad_term, fail(
        "kMalformed", "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.")))
    no_sig = set_header(ddb, "Authorization", header(ddb, "Authorization").split(", Signature=")[0])
    vs.append(vector("authorization_without_signature", no_sig, fail(
        "kIncompleteSignature", "Authorization header requires 'Signature' parameter. Authorization="
        + header(no_sig, "Authorization"))))
    unsigned_req = {"method": "POST", "target": "/", "headers": [["Host", "localhost:4566"]], "body": "{}"}
    vs.append(vector("missing_authentication", unsigned_req,
                     fail("kMissingAuthentication", "Request is missing Authentication Token")))
    return vs


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sigv4_vectors.json")
    doc = {"generator": "tests/unit/aws/gen_sigv4_vectors.py", "signed_at": amz(SIGN_TIME), "vectors": build()}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %d vectors to %s" % (len(doc["vectors"]), out))


if __name__ == "__main__":
    main()
