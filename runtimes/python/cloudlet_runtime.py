"""cloudlet's Python runtime client: the Lambda Runtime API loop (2018-06-01).
Started by bootstrap.py; a module rather than the main script so that its
bytecode is cached (cloudlet compiles it once per interpreter on the host,
since /var/runtime is read-only in the sandbox): a main script is compiled
from source at every start, 3 ms of each cold start.

Loads _HANDLER ("package.module.function") from LAMBDA_TASK_ROOT, reports
import failures through /runtime/init/error (Runtime.ImportModuleError,
Runtime.HandlerNotFound, Runtime.UserCodeSyntaxError), then serves one event
at a time. Standard library only, so it runs on any host python3.

The HTTP client is a few lines over one keep-alive socket rather than
http.client: http.client costs 14 ms of imports at cold start and most of the
runtime's CPU time per warm invoke (header parsing through the email package).
An invocation's /response (or /error) is sent in the same write as the next
/next (HTTP/1.1 pipelining): one wake-up and one round trip per invoke.
The Runtime API is a loopback peer speaking plain HTTP/1.1, so the client
needs only Content-Length and chunked bodies and Connection: close.
JSON goes through the json package's own C accelerator (_json) without
importing the package, whose decoder imports re: 2-5 ms of cold start.
"""
import _json
import os
import _socket
import sys
import time

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime"


class _JsonContext:
    """What _json.make_scanner reads from json.JSONDecoder: its defaults."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__
    memo = {}


_scan = _json.make_scanner(_JsonContext())
_WHITESPACE = " \t\n\r"


def _not_serializable(o):
    raise TypeError("Object of type %s is not JSON serializable" % o.__class__.__name__)




def loads(text):
    """json.loads for one document (str or UTF-8 bytes)."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8-sig" if text[:3] == b"\xef\xbb\xbf" else "utf-8")
    n = len(text)
    start = 0
    while start < n and text[start] in _WHITESPACE:
        start += 1
    try:
        value, end = _scan(text, start)
    except StopIteration as exc:
        import json  # only on the error path: its exception type and message
        raise json.JSONDecodeError("Expecting value", text, exc.value) from None
    while end < n and text[end] in _WHITESPACE:
        end += 1
    if end != n:
        import json
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def dumps(value):
    """json.dumps(value): ensure_ascii, ", " and ": ", NaN allowed, circular
    references refused (a fresh markers dict per call, as json does)."""
    if isinstance(value, str):
        return _json.encode_basestring_ascii(value)
    encode = _json.make_encoder({}, _not_serializable, _json.encode_basestring_ascii, None, ": ", ", ",
                                False, False, True)
    return "".join(encode(value, 0))


class RuntimeApiError(Exception):
    """The connection broke or the server's answer was not HTTP/1.x."""


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def getheader(self, name):
        return self.headers.get(name.lower())


class Conn:
    """One keep-alive connection to the Runtime API, reopened when dropped.
    Over _socket, not socket: socket.py costs 2 ms of imports at cold start."""

    def __init__(self):
        host, port = API.rsplit(":", 1)
        host = host.strip("[]")
        self.family = _socket.AF_INET6 if ":" in host else _socket.AF_INET
        self.address = (host, int(port))
        self.host_header = API.encode("latin-1")
        self.sock = None
        self.buf = bytearray()  # received, not yet consumed
        self.next_request = self._encode("GET", "/invocation/next", None, None)

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.buf = bytearray()

    def _connect(self):
        sock = _socket.socket(self.family, _socket.SOCK_STREAM)
        try:
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
            sock.connect(self.address)
        except OSError:
            sock.close()
            raise
        self.sock = sock

    def _encode(self, method, path, body, headers):
        head = [b"%s %s%s HTTP/1.1\r\nHost: %s\r\n" % (method.encode(), PREFIX.encode(), path.encode(),
                                                        self.host_header)]
        for name, value in (headers or {}).items():
            head.append(b"%s: %s\r\n" % (name.encode("latin-1"), str(value).encode("latin-1")))
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        if method != "GET" or body:
            head.append(b"Content-Length: %d\r\n" % len(body))
        head.append(b"\r\n")
        head.append(body)
        return b"".join(head)

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise RuntimeApiError("connection closed")
        self.buf += data

    def _find(self, needle, start):
        """Index of `needle` at or after `start`, reading until it arrives."""
        while True:
            at = self.buf.find(needle, start)
            if at >= 0:
                return at
            if len(self.buf) > start + 65536:
                raise RuntimeApiError("line too long")
            self._fill()

    def _take(self, start, length):
        """`length` bytes at `start`, reading until they arrive."""
        while len(self.buf) < start + length:
            self._fill()
        return bytes(self.buf[start:start + length])

    def _read_response(self):
        head_end = self._find(b"\r\n\r\n", 0)
        lines = self.buf[:head_end].decode("latin-1").split("\r\n")
        parts = lines[0].split(None, 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise RuntimeApiError("bad status line %r" % lines[0][:80])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        at = head_end + 4
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                line_end = self._find(b"\r\n", at)
                size = int(bytes(self.buf[at:line_end]).split(b";", 1)[0], 16)
                at = line_end + 2
                if size == 0:
                    while True:  # trailers, then the empty line
                        line_end = self._find(b"\r\n", at)
                        empty, at = line_end == at, line_end + 2
                        if empty:
                            break
                    break
                chunks.append(self._take(at, size))
                at += size + 2
            body = b"".join(chunks)
        else:
            length = int(headers.get("content-length") or 0)
            body = self._take(at, length)
            at += length
        del self.buf[:at]
        if headers.get("connection", "").lower() == "close" or parts[0] == "HTTP/1.0":
            self.close()
        return Response(int(parts[1]), headers, body)

    def exchange(self, data, responses):
        """Sends `data` (one or more encoded requests) and reads `responses`
        answers; returns the last. Retried once on a fresh connection."""
        for attempt in (0, 1):
            if self.sock is None:
                self._connect()
            try:
                self.sock.sendall(data)
                for _ in range(responses):
                    resp = self._read_response()
                return resp
            except (OSError, ValueError, RuntimeApiError):
                self.close()
                if attempt:
                    raise

    def request(self, method, path, body=None, headers=None):
        resp = self.exchange(self._encode(method, path, body, headers), 1)
        return resp, resp.body

    def encode(self, method, path, body=None, headers=None):
        return self._encode(method, path, body, headers)

    def next_invocation(self, ahead=None):
        """GET /invocation/next. `ahead` is the previous invocation's encoded
        /response or /error: pipelined in the same write, it saves the
        runtime a wake-up and a round trip per invoke."""
        if ahead is None:
            return self.exchange(self.next_request, 1)
        return self.exchange(ahead + self.next_request, 2)


def error_body(exc, error_type=None, tb=None):
    import traceback  # only on the error path: 2 ms of imports at cold start

    stack = traceback.format_list(traceback.extract_tb(tb or exc.__traceback__))
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": "",
        "stackTrace": [s.rstrip("\n") for s in stack],
    }


class _Record:
    """AWS's context members built from a JSON object: one attribute per
    slot, None when the object lacks it (awslambdaric's make_obj_from_dict)."""
    __slots__ = ()

    def __init__(self, members):
        for name in self.__slots__:
            setattr(self, name, members.get(name))

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join("%s=%r" % (n, getattr(self, n)) for n in self.__slots__))


class Client(_Record):
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")


class ClientContext(_Record):
    __slots__ = ("custom", "env", "client")

    def __init__(self, members):
        super().__init__(members)
        if isinstance(self.client, dict):
            self.client = Client(self.client)


class CognitoIdentity(_Record):
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")


class Context:
    # Read once: the environment does not change between invocations.
    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
    function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
    memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
    log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")

    def __init__(self, request_id, deadline_ms, arn, client_context, identity):
        self.function_name = Context.function_name
        self.function_version = Context.function_version
        self.invoked_function_arn = arn
        self.memory_limit_in_mb = Context.memory_limit_in_mb
        self.aws_request_id = request_id
        self.log_group_name = Context.log_group_name
        self.log_stream_name = Context.log_stream_name
        self.identity = CognitoIdentity(identity) if isinstance(identity, dict) else None
        self.client_context = ClientContext(client_context) if isinstance(client_context, dict) else None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def load_handler(spec):
    import importlib

    module_path, _, name = spec.rpartition(".")
    if not module_path or not name:
        raise HandlerError("Runtime.MalformedHandlerName", "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % spec)
    try:
        module = importlib.import_module(module_path.replace("/", "."))
    except SyntaxError as exc:
        raise HandlerError("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_path, exc))
    except ImportError as exc:
        raise HandlerError("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_path, exc))
    handler = getattr(module, name, None)
    if handler is None:
        raise HandlerError("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (name, module_path))
    return handler


class HandlerError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", "/var/task")
    sys.path.insert(0, task_root)
    os.chdir(task_root)
    conn = Conn()
    try:
        handler = load_handler(os.environ["_HANDLER"])
    except HandlerError as exc:
        body = {"errorMessage": str(exc), "errorType": exc.error_type, "requestId": "", "stackTrace": []}
        print("[ERROR] %s: %s" % (exc.error_type, exc), flush=True)
        conn.request("POST", "/init/error", dumps(body), {"Lambda-Runtime-Function-Error-Type": exc.error_type})
        sys.exit(1)
    except Exception as exc:  # code that raised while importing
        body = error_body(exc, "Runtime.ImportModuleError")
        body["errorMessage"] = "Unable to import module '%s': %s" % (os.environ["_HANDLER"].rpartition(".")[0], exc)
        conn.request("POST", "/init/error", dumps(body), {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)

    environ = os.environ
    result_request = None  # the previous invocation's answer, sent ahead of the next /next
    while True:
        resp = conn.next_invocation(result_request)
        headers, event = resp.headers, resp.body
        request_id = headers.get("lambda-runtime-aws-request-id")
        trace = headers.get("lambda-runtime-trace-id")
        if trace:
            environ["_X_AMZN_TRACE_ID"] = trace
        else:
            environ.pop("_X_AMZN_TRACE_ID", None)
        client_context = headers.get("lambda-runtime-client-context")
        identity = headers.get("lambda-runtime-cognito-identity")
        context = Context(request_id, int(headers.get("lambda-runtime-deadline-ms") or 0),
                          headers.get("lambda-runtime-invoked-function-arn"),
                          loads(client_context) if client_context else None,
                          loads(identity) if identity else None)
        try:
            result = handler(loads(event) if event else None, context)
        except Exception as exc:
            body = error_body(exc)
            body["requestId"] = request_id
            print("[ERROR] %s: %s" % (body["errorType"], body["errorMessage"]), flush=True)
            result_request = conn.encode("POST", "/invocation/%s/error" % request_id, dumps(body),
                                         {"Lambda-Runtime-Function-Error-Type": "Unhandled"})
            continue
        try:
            payload = dumps(result)
        except Exception as exc:
            body = {"errorMessage": "Unable to marshal response: %s" % exc, "errorType": "Runtime.MarshalError",
                    "requestId": request_id, "stackTrace": []}
            result_request = conn.encode("POST", "/invocation/%s/error" % request_id, dumps(body),
                                         {"Lambda-Runtime-Function-Error-Type": "Runtime.MarshalError"})
            continue
        result_request = conn.encode("POST", "/invocation/%s/response" % request_id, payload)


if __name__ == "__main__":
    main()
