import os
import time

print("python init")


def handler(event, context):
    action = event.get("action")
    print("python got", action)
    if action == "fail":
        raise ValueError("boom")
    if action == "sleep":
        time.sleep(event["seconds"])
    if action == "crash":
        os._exit(3)
    return {"echo": event, "request_id": context.aws_request_id, "function": context.function_name,
            "remaining_ok": 0 < context.get_remaining_time_in_millis() <= 3000,
            "task_root": os.environ["LAMBDA_TASK_ROOT"], "region": os.environ["AWS_REGION"],
            "endpoint": os.environ.get("AWS_ENDPOINT_URL"), "custom": os.environ.get("CUSTOM")}
