"""Cold start: the first Invoke after CreateFunction, for Python and Node,
beside the interpreter's own start (`python3 -c pass`, `node -e 0`) measured
the same way, so the difference is what cloudlet adds (sandbox, runtime
client, Runtime API, hand-offs).

Usage: lambda_cold.py <endpoint> [rounds] [cloudlet pid]. Prints one line per
runtime; with the pid, also the CPU time (user + system) that the cold invoke
cost cloudlet and its sandbox processes beside the interpreter's own start's
CPU time: steadier than wall time on a loaded machine.
"""
import os
import resource
import http.client
import io
import statistics
import subprocess
import sys
import time
import zipfile
from urllib.parse import urlparse

import boto3

ROLE = "arn:aws:iam::000000000000:role/bench"
RUNTIMES = {
    "python3.12": ("app.py", "def handler(event, context):\n    return event\n",
                   ["python3", "-c", "import sys; print(sys.executable)"], ["-c", "pass"]),
    "nodejs20.x": ("app.js", "exports.handler = async (event) => event;\n",
                   ["node", "-p", "process.execPath"], ["-e", "0"]),
}


def interpreter(locate, args):
    """The binary cloudlet runs (it resolves python3 and node the same way,
    past shims such as pyenv's), with the arguments of an empty program."""
    exe = subprocess.run(locate, check=True, capture_output=True, text=True).stdout.strip()
    return [exe, *args]


def zipped(name, text):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, text)
    return buf.getvalue()


def start_ms(argv):
    """Wall and CPU milliseconds of one run of argv."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    subprocess.run(argv, check=True)
    wall = (time.perf_counter() - begin) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1000


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def tree_cpu_ms(root):
    """User + system time of `root` and every live descendant (/proc/<pid>/stat
    fields 14-15), in ms. Not what reaped children used: the environment of
    the previous round's deleted function is reaped in the window and would
    add its whole life."""
    children = {}
    stats = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(pid)] = int(fields[11]) + int(fields[12])
        children.setdefault(int(fields[1]), []).append(int(pid))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += stats.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total * TICK_MS


def invoke_ms(conn, name):
    begin = time.perf_counter()
    conn.request("POST", f"/2015-03-31/functions/{name}/invocations", body=b'{"cold":true}',
                 headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    body = resp.read()
    elapsed = (time.perf_counter() - begin) * 1000
    if resp.status != 200 or body != b'{"cold": true}' and body != b'{"cold":true}':
        raise SystemExit(f"{name}: {resp.status} {body!r}")
    return elapsed


def main():
    endpoint = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    server = int(sys.argv[3]) if len(sys.argv) > 3 else None
    lam = boto3.client("lambda", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                       aws_secret_access_key="test")
    url = urlparse(endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port)
    for runtime, (file, source, locate, empty) in RUNTIMES.items():
        code = zipped(file, source)
        bare_argv = interpreter(locate, empty)
        cold, warm, bare, cold_cpu, bare_cpu = [], [], [], [], []
        for i in range(rounds):
            name = f"cold-{runtime.replace('.', '-')}-{i}"
            lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler="app.handler",
                                Code={"ZipFile": code})
            before = tree_cpu_ms(server) if server else 0
            cold.append(invoke_ms(conn, name))
            if server:
                time.sleep(0.05)  # the runtime settles into its /next wait
                cold_cpu.append(tree_cpu_ms(server) - before)
            warm.append(invoke_ms(conn, name))
            wall, cpu = start_ms(bare_argv)
            bare.append(wall)
            bare_cpu.append(cpu)
            lam.delete_function(FunctionName=name)
            time.sleep(0.2)  # its environment stops before the next round measures
        c, w, b = statistics.median(cold), statistics.median(warm), statistics.median(bare)
        cpu = ""
        if server:
            cc, bc = statistics.median(cold_cpu), statistics.median(bare_cpu)
            cpu = f" cpu {cc:.0f} {bc:.0f} {cc - bc:+.0f}"
        print(f"{runtime} {c:.1f} {b:.1f} {c - b:.1f} {w:.2f} {' '.join(bare_argv)}{cpu}")


if __name__ == "__main__":
    main()
