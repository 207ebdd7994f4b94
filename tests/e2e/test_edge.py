"""The edge server and the binary: limits, keep-alive, pipelining, timeouts, flags, shutdown."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.request

from harness import BIN, Cloudlet


def raw_exchange(port, payload, read_until_close=True, timeout=5):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(payload)
    chunks = []
    try:
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
            if not read_until_close:
                break
    except socket.timeout:
        pass
    s.close()
    return b"".join(chunks)


class EdgeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Cloudlet("--header-timeout-ms", "700", "--idle-timeout-ms", "3000", in_memory=True,
                         env={"CLOUDLET_DEBUG_ENDPOINTS": "1"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.c.cleanup()

    def get(self, path):
        with urllib.request.urlopen(self.c.endpoint + path, timeout=5) as r:
            return r.status, dict(r.headers), r.read()

    def test_health_reports_version_uptime_and_services(self):
        status, headers, body = self.get("/_cloudlet/health")
        self.assertEqual(status, 200)
        doc = json.loads(body)
        self.assertEqual(doc["status"], "running")
        self.assertIn("version", doc)
        self.assertGreaterEqual(doc["uptime_seconds"], 0)
        self.assertIsInstance(doc["services"], dict)
        self.assertTrue(headers.get("x-amzn-RequestId"))
        self.assertTrue(headers.get("Date"))

    def test_metrics_count_requests_by_service_operation_status(self):
        self.get("/_cloudlet/health")
        _, headers, body = self.get("/_cloudlet/metrics")
        text = body.decode()
        self.assertIn('cloudlet_requests_total{service="_cloudlet",operation="Health",status="200"}', text)
        self.assertIn("cloudlet_request_duration_seconds_bucket", text)
        self.assertIn("cloudlet_requests_in_flight", text)

    def test_unrecognised_request_says_what_was_not_recognised(self):
        reply = raw_exchange(self.c.port, b"GET /nowhere HTTP/1.1\r\nHost: somewhere.example\r\nConnection: close\r\n\r\n")
        head, _, body = reply.partition(b"\r\n\r\n")
        self.assertIn(b" 400 ", head.split(b"\r\n")[0])
        doc = json.loads(body)
        self.assertEqual(doc["__type"], "UnrecognizedServiceException")
        self.assertIn("/nowhere", doc["message"])
        self.assertIn("somewhere.example", doc["message"])

    def test_header_block_over_16k_gets_431(self):
        big = b"X-Big: " + b"a" * 17000 + b"\r\n"
        reply = raw_exchange(self.c.port, b"GET /_cloudlet/health HTTP/1.1\r\nHost: x\r\n" + big + b"\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 431"), reply[:60])

    def test_keep_alive_and_pipelining_answer_in_order(self):
        req = b"GET /_cloudlet/health HTTP/1.1\r\nHost: x\r\n\r\n"
        last = b"GET /_cloudlet/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        reply = raw_exchange(self.c.port, req * 3 + last)
        self.assertEqual(reply.count(b"HTTP/1.1 200 OK"), 3)
        self.assertEqual(reply.count(b"HTTP/1.1 404"), 1)
        self.assertLess(reply.rfind(b"HTTP/1.1 200"), reply.find(b"HTTP/1.1 404"))

    def test_chunked_request_body(self):
        body = b"4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n"
        reply = raw_exchange(self.c.port, b"POST /_cloudlet/health HTTP/1.1\r\nHost: x\r\n"
                             b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body)
        self.assertTrue(reply.startswith(b"HTTP/1.1 200"), reply[:60])

    def test_expect_100_continue(self):
        s = socket.create_connection(("127.0.0.1", self.c.port), timeout=5)
        s.sendall(b"POST /_cloudlet/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                  b"Expect: 100-continue\r\nConnection: close\r\n\r\n")
        interim = s.recv(1024)
        self.assertTrue(interim.startswith(b"HTTP/1.1 100 Continue"), interim)
        s.sendall(b"hello")
        final = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            final += d
        s.close()
        self.assertTrue(final.startswith(b"HTTP/1.1 200"), final[:60])

    def test_body_over_the_service_limit_gets_the_service_error(self):
        # The admin endpoints accept 64 KiB; a larger declared body is refused before it is read.
        reply = raw_exchange(self.c.port, b"POST /_cloudlet/health HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:60])
        self.assertIn(b"RequestEntityTooLarge", reply)
        # Chunked bodies are counted as they arrive.
        chunk = b"%x\r\n" % 40000 + b"a" * 40000 + b"\r\n"
        reply = raw_exchange(self.c.port, b"POST /_cloudlet/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                             + chunk * 2 + b"0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:60])

    def test_slowloris_client_is_cut_off(self):
        s = socket.create_connection(("127.0.0.1", self.c.port), timeout=5)
        start = time.time()
        s.sendall(b"GET /_cloudlet/health HTTP/1.1\r\n")
        closed = False
        try:
            for _ in range(20):
                time.sleep(0.2)
                s.sendall(b"X-Drip: 1\r\n")
        except (BrokenPipeError, ConnectionResetError):
            closed = True
        if not closed:
            closed = s.recv(1024) == b""
        s.close()
        self.assertTrue(closed)
        self.assertLess(time.time() - start, 3.5)

    def test_malformed_request_gets_400_not_a_crash(self):
        reply = raw_exchange(self.c.port, b"THIS IS NOT HTTP\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 400"), reply[:60])
        status, _, _ = self.get("/_cloudlet/health")
        self.assertEqual(status, 200)

    def test_edge_refusals_carry_a_request_id(self):
        # 400 and 431 come from the edge itself, 413 from the unrouted-body limit.
        for payload in (b"THIS IS NOT HTTP\r\n\r\n",
                        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 17000 + b"\r\n\r\n",
                        b"POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n"):
            head = raw_exchange(self.c.port, payload).partition(b"\r\n\r\n")[0].lower()
            self.assertRegex(head, rb"\r\nx-amzn-requestid: [0-9a-f-]{36}", head)

    def header_block(self, size):
        start = b"GET /_cloudlet/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: "
        block = start + b"a" * (size - len(start) - 4) + b"\r\n\r\n"
        self.assertEqual(len(block), size)
        return block

    def test_header_block_limit_is_exactly_16k(self):
        # The whole block counts: request line, fields and the blank line.
        self.assertTrue(raw_exchange(self.c.port, self.header_block(16384)).startswith(b"HTTP/1.1 200"))
        reply = raw_exchange(self.c.port, self.header_block(16385))
        self.assertTrue(reply.startswith(b"HTTP/1.1 431"), reply[:60])

    def test_transfer_encoding_not_ending_in_chunked_is_refused(self):
        # RFC 9112 6.3: no determinable length -> 400 and close, so the "body"
        # cannot be smuggled through as a second request.
        smuggled = b"GET /_cloudlet/health HTTP/1.1\r\nHost: x\r\n\r\n"
        for te in (b"gzip", b"chunked, gzip"):
            reply = raw_exchange(self.c.port, b"POST /_cloudlet/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                                 + te + b"\r\n\r\n" + smuggled)
            self.assertTrue(reply.startswith(b"HTTP/1.1 400"), (te, reply[:60]))
            self.assertEqual(reply.count(b"HTTP/1.1 "), 1, te)

    def test_http11_request_without_host_is_refused(self):
        reply = raw_exchange(self.c.port, b"GET /_cloudlet/health HTTP/1.1\r\nConnection: close\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 400"), reply[:60])
        self.assertIn(b"Missing Host header", reply)
        # HTTP/1.0 has no Host requirement.
        reply = raw_exchange(self.c.port, b"GET /_cloudlet/health HTTP/1.0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 200"), reply[:60])

    def test_absolute_form_target_is_accepted(self):
        reply = raw_exchange(self.c.port, b"GET http://localhost:4566/_cloudlet/health?x=1 HTTP/1.1\r\n"
                             b"Host: elsewhere\r\nConnection: close\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 200"), reply[:200])
        self.assertIn(b'"status":"running"', reply)

    def test_http10_keep_alive_is_acknowledged(self):
        s = socket.create_connection(("127.0.0.1", self.c.port), timeout=5)
        try:
            s.sendall(b"GET /_cloudlet/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            first = s.recv(65536)
            # A 1.0 client reads to the close unless told the connection stays.
            self.assertIn(b"\r\nconnection: keep-alive\r\n", first.lower())
            s.sendall(b"GET /_cloudlet/health HTTP/1.0\r\n\r\n")
            second = b""
            while True:
                d = s.recv(65536)
                if not d:
                    break
                second += d
            self.assertTrue(second.startswith(b"HTTP/1.1 200"), second[:60])
        finally:
            s.close()

    def in_flight(self):
        _, _, body = self.get("/_cloudlet/metrics")
        line = [l for l in body.decode().splitlines() if l.startswith("cloudlet_requests_in_flight ")][0]
        return int(line.split()[1])

    def test_in_flight_gauge_counts_refused_and_abandoned_requests_right(self):
        # Refused before routing (never started) and abandoned mid-body (never answered):
        # neither may leave the gauge off. The scrape itself is the one request in flight.
        for _ in range(3):
            raw_exchange(self.c.port, b"NOT HTTP\r\n\r\n")
            s = socket.create_connection(("127.0.0.1", self.c.port), timeout=5)
            s.sendall(b"POST /_cloudlet/health HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab")
            time.sleep(0.05)
            s.close()
        time.sleep(0.3)
        self.assertEqual(self.in_flight(), 1)

    def test_client_that_never_reads_its_response_is_cut_off(self):
        # A large response to a client that stops reading: the write must give up
        # after the idle timeout (3 s here) rather than hold the connection.
        ddb = self.c.client("dynamodb")
        ddb.create_table(TableName="never-read", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
        for i in range(12):
            ddb.put_item(TableName="never-read", Item={"k": {"S": str(i)}, "v": {"S": "x" * 300000}})
        body = b'{"TableName":"never-read"}'
        scan = (b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.Scan\r\n"
                b"Content-Type: application/x-amz-json-1.0\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.settimeout(5)
        s.connect(("127.0.0.1", self.c.port))
        try:
            s.sendall(scan * 8)
            time.sleep(6)  # idle timeout 3 s, with room
            # Now read: the server gave up mid-way, so the stream ends (or resets)
            # before the eight answers (~10 MB, far over the socket buffers) are all in.
            received = b""
            deadline = time.time() + 20
            try:
                while time.time() < deadline:
                    data = s.recv(1 << 20)
                    if not data:
                        break
                    received += data
            except (ConnectionResetError, socket.timeout):
                pass
            self.assertLess(received.count(b"HTTP/1.1 200 OK"), 8,
                            "all answers written: the stalled client kept its connection")
        finally:
            s.close()

    def test_access_log_line_per_request(self):
        self.get("/_cloudlet/health?marker=1")
        time.sleep(0.3)
        log = self.c.read_stderr()
        self.assertRegex(log, r"access _cloudlet Health 200 [0-9.]+ms [0-9a-f-]{36}")


class ConnectionCapTest(unittest.TestCase):
    def test_connections_over_the_cap_are_refused(self):
        with Cloudlet("--max-connections", "2", in_memory=True) as c:
            held = [socket.create_connection(("127.0.0.1", c.port)) for _ in range(2)]
            time.sleep(0.2)
            extra = socket.create_connection(("127.0.0.1", c.port), timeout=3)
            extra.sendall(b"GET /_cloudlet/health HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                data = extra.recv(1024)
            except ConnectionResetError:
                data = b""
            self.assertEqual(data, b"")
            extra.close()
            for h in held:
                h.close()
            time.sleep(0.2)
            with urllib.request.urlopen(c.endpoint + "/_cloudlet/health", timeout=5) as r:
                self.assertEqual(r.status, 200)


class BinaryTest(unittest.TestCase):
    def run_bin(self, *args, env=None, timeout=10):
        return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout,
                              env=dict(os.environ, **(env or {})))

    def test_version(self):
        r = self.run_bin("version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^cloudlet \d+\.\d+\.\d+")

    def test_bad_flag_exits_non_zero_with_one_line(self):
        for args in (["serve", "--no-such-flag"], ["serve", "--port", "notaport"], ["serve", "--auth", "maybe"],
                     ["serve", "--log-format", "xml"], ["serve", "--account-id", "12"]):
            r = self.run_bin(*args)
            self.assertNotEqual(r.returncode, 0, args)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, (args, r.stderr))
            self.assertTrue(r.stderr.startswith("cloudlet: "), r.stderr)

    def test_port_in_use_is_one_clear_line(self):
        with Cloudlet(in_memory=True) as c:
            r = self.run_bin("serve", "--in-memory", "--port", str(c.port))
            self.assertNotEqual(r.returncode, 0)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertIn(str(c.port), r.stderr)

    def test_flags_also_come_from_the_environment(self):
        c = Cloudlet(in_memory=True, env={"CLOUDLET_REGION": "eu-west-3", "CLOUDLET_LOG_FORMAT": "json"})
        with c:
            with urllib.request.urlopen(c.endpoint + "/_cloudlet/health", timeout=5) as r:
                self.assertEqual(r.status, 200)
            time.sleep(0.3)
            lines = [l for l in c.read_stderr().splitlines() if '"type":"access"' in l]
            self.assertTrue(lines)
            self.assertEqual(json.loads(lines[0])["operation"], "Health")
        self.assertIn("region eu-west-3", c.banner)

    def test_sigterm_finishes_in_flight_request_then_exits_zero(self):
        c = Cloudlet(in_memory=True, env={"CLOUDLET_DEBUG_ENDPOINTS": "1"}).start()
        try:
            result = {}

            def slow():
                with urllib.request.urlopen(c.endpoint + "/_cloudlet/debug/sleep?ms=700", timeout=10) as r:
                    result["status"] = r.status
                    result["body"] = r.read()

            t = threading.Thread(target=slow)
            t.start()
            time.sleep(0.2)
            c.proc.send_signal(signal.SIGTERM)
            t.join(timeout=10)
            self.assertEqual(result.get("status"), 200)
            self.assertEqual(c.proc.wait(timeout=10), 0)
            # Stopped accepting: a new connection is refused.
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", c.port), timeout=1).sendall(b"x")
                urllib.request.urlopen(c.endpoint + "/_cloudlet/health", timeout=1)
        finally:
            c.cleanup()

    def test_sigterm_under_keep_alive_load_exits_promptly(self):
        # Shutdown closing a connection whose next request had just arrived once
        # counted it closed twice; the count wrapped and Stop() waited out its 10 s.
        for _ in range(2):
            c = Cloudlet(in_memory=True).start()
            stop = threading.Event()

            def hammer():
                while not stop.is_set():
                    try:
                        s = socket.create_connection(("127.0.0.1", c.port), timeout=2)
                        for _ in range(50):
                            s.sendall(b"GET /_cloudlet/health HTTP/1.1\r\nHost: x\r\n\r\n")
                            if not s.recv(4096):
                                break
                        s.close()
                    except OSError:
                        time.sleep(0.01)

            threads = [threading.Thread(target=hammer) for _ in range(8)]
            try:
                for t in threads:
                    t.start()
                time.sleep(0.5)
                started = time.time()
                c.proc.send_signal(signal.SIGTERM)
                self.assertEqual(c.proc.wait(timeout=20), 0)
                self.assertLess(time.time() - started, 5)
            finally:
                stop.set()
                for t in threads:
                    t.join(timeout=5)
                c.cleanup()

    def test_sigint_exits_zero(self):
        c = Cloudlet(in_memory=True).start()
        self.assertEqual(c.stop(signal.SIGINT), 0)
        c.cleanup()


if __name__ == "__main__":
    unittest.main()
