"""Starts a cloudlet of its own for a test: a free port, a temporary data dir."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

import boto3
from botocore.config import Config

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("CLOUDLET_BIN", os.path.join(ROOT, "build", "cloudlet"))


class Cloudlet:
    def __init__(self, *args, in_memory=False, env=None, data_dir=None):
        self.args = list(args)
        self.in_memory = in_memory
        self.extra_env = env or {}
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="cloudlet-e2e-")
        self.proc = None
        self.port = None

    def start(self, timeout=10):
        cmd = [BIN, "serve", "--port", "0", "--threads", "2"]
        cmd += ["--in-memory"] if self.in_memory else ["--data-dir", self.data_dir]
        cmd += self.args
        env = dict(os.environ, **self.extra_env)
        self.stderr = open(os.path.join(tempfile.gettempdir(), f"cloudlet-e2e-{os.getpid()}-{id(self)}.log"), "w+")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr, env=env, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on http://([^:]+):(\d+)", line)
        if not m:
            self.proc.kill()
            raise RuntimeError(f"cloudlet did not start: {line!r}; stderr: {self.read_stderr()}")
        self.host, self.port = m.group(1), int(m.group(2))
        self.banner = line + "".join(self.proc.stdout.readline() for _ in range(3))
        return self

    @property
    def endpoint(self):
        return f"http://{self.host}:{self.port}"

    def read_stderr(self):
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def kill9(self):
        self.proc.kill()
        self.proc.wait()

    def cleanup(self):
        self.stop()
        if self.proc:
            self.proc.stdout.close()
            self.stderr.close()
        if self.own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    def client(self, service, region="us-east-1", key="test", secret="test", **kwargs):
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=region, aws_access_key_id=key,
            aws_secret_access_key=secret,
            config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30), **kwargs)

    def resource(self, service, region="us-east-1"):
        return boto3.resource(service, endpoint_url=self.endpoint, region_name=region,
                              aws_access_key_id="test", aws_secret_access_key="test")

    def aws_cli(self, *args, secret="test", check=True):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY=secret,
                   AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=self.endpoint, AWS_PAGER="")
        env.pop("AWS_PROFILE", None)
        return subprocess.run(["aws", "--endpoint-url", self.endpoint, "--output", "json", *args],
                              env=env, capture_output=True, text=True, check=check)
