"""Time from exec to the first answered request, and idle resident memory."""
import os
import socket
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1]
PORT = 18567


def first_answer_ms(args):
    start = time.perf_counter()
    proc = subprocess.Popen([BIN, "serve", "--port", str(PORT), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    req = b"GET /_cloudlet/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=1)
            s.sendall(req)
            if s.recv(64).startswith(b"HTTP/1.1 200"):
                elapsed = (time.perf_counter() - start) * 1000
                s.close()
                break
            s.close()
        except OSError:
            time.sleep(0.0005)
        if time.perf_counter() - start > 10:
            raise SystemExit("cloudlet did not answer within 10 s")
    return proc, elapsed


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


with tempfile.TemporaryDirectory() as d:
    samples = []
    for i in range(5):
        proc, ms = first_answer_ms(["--data-dir", os.path.join(d, f"run{i}")])
        samples.append(ms)
        if i < 4:
            proc.terminate()
            proc.wait()
    time.sleep(1.0)
    rss = rss_mb(proc.pid)
    proc.terminate()
    proc.wait()
    samples.sort()
    median = samples[len(samples) // 2]
    print(f"{'exec to first answered request':44s} {median:8.1f} ms (median of 5; target <= 50 ms)")
    print(f"{'idle resident memory':44s} {rss:8.1f} MB (target <= 30 MB)")
