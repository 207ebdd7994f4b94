"""cloudlet's Python runtime client: the Lambda Runtime API loop (2018-06-01).

Loads _HANDLER ("package.module.function") from LAMBDA_TASK_ROOT, reports
import failures through /runtime/init/error (Runtime.ImportModuleError,
Runtime.HandlerNotFound, Runtime.UserCodeSyntaxError), then serves one event
at a time. Standard library only, so it runs on any host python3.
"""
import importlib
import json
import os
import sys
import time
import traceback
import http.client

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime"


class Conn:
    """One keep-alive connection to the Runtime API, reopened when dropped."""

    def __init__(self):
        host, port = API.rsplit(":", 1)
        self.host, self.port = host, int(port)
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port)
            try:
                self.conn.request(method, PREFIX + path, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                return resp, resp.read()
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise


def error_body(exc, error_type=None, tb=None):
    stack = traceback.format_list(traceback.extract_tb(tb or exc.__traceback__))
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": "",
        "stackTrace": [s.rstrip("\n") for s in stack],
    }


class Context:
    def __init__(self, request_id, deadline_ms, arn, client_context):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = arn
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = client_context
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def load_handler(spec):
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
        conn.request("POST", "/init/error", json.dumps(body), {"Lambda-Runtime-Function-Error-Type": exc.error_type})
        sys.exit(1)
    except Exception as exc:  # code that raised while importing
        body = error_body(exc, "Runtime.ImportModuleError")
        body["errorMessage"] = "Unable to import module '%s': %s" % (os.environ["_HANDLER"].rpartition(".")[0], exc)
        conn.request("POST", "/init/error", json.dumps(body), {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)

    while True:
        resp, event = conn.request("GET", "/invocation/next")
        request_id = resp.getheader("Lambda-Runtime-Aws-Request-Id")
        trace = resp.getheader("Lambda-Runtime-Trace-Id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        client_context = resp.getheader("Lambda-Runtime-Client-Context")
        context = Context(request_id, int(resp.getheader("Lambda-Runtime-Deadline-Ms") or 0),
                          resp.getheader("Lambda-Runtime-Invoked-Function-Arn"),
                          json.loads(client_context) if client_context else None)
        try:
            result = handler(json.loads(event) if event else None, context)
        except Exception as exc:
            body = error_body(exc)
            body["requestId"] = request_id
            print("[ERROR] %s: %s" % (body["errorType"], body["errorMessage"]), flush=True)
            conn.request("POST", "/invocation/%s/error" % request_id, json.dumps(body),
                         {"Lambda-Runtime-Function-Error-Type": "Unhandled"})
            continue
        try:
            payload = json.dumps(result)
        except Exception as exc:
            body = {"errorMessage": "Unable to marshal response: %s" % exc, "errorType": "Runtime.MarshalError",
                    "requestId": request_id, "stackTrace": []}
            conn.request("POST", "/invocation/%s/error" % request_id, json.dumps(body),
                         {"Lambda-Runtime-Function-Error-Type": "Runtime.MarshalError"})
            continue
        conn.request("POST", "/invocation/%s/response" % request_id, payload)


if __name__ == "__main__":
    main()
