"""Acknowledged writes survive kill -9; the data dir is locked and checked."""
import os
import subprocess
import tempfile
import threading
import time
import unittest

from harness import BIN, Cloudlet


class DurabilityTest(unittest.TestCase):
    def test_every_acknowledged_put_survives_kill_9(self):
        data = tempfile.mkdtemp(prefix="cloudlet-durable-")
        c = Cloudlet(data_dir=data).start()
        ddb = c.client("dynamodb")
        ddb.create_table(TableName="log", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
                         BillingMode="PAY_PER_REQUEST")
        acknowledged = []
        stop = threading.Event()

        def writer():
            client = c.client("dynamodb")
            i = 0
            while not stop.is_set():
                try:
                    client.put_item(TableName="log", Item={"id": {"N": str(i)}, "pad": {"S": "x" * 200}})
                except Exception:
                    return
                acknowledged.append(i)
                i += 1

        t = threading.Thread(target=writer)
        t.start()
        time.sleep(1.5)
        c.kill9()
        stop.set()
        t.join()
        self.assertGreater(len(acknowledged), 50)
        c2 = Cloudlet(data_dir=data).start()
        try:
            ddb2 = c2.client("dynamodb")
            missing = [i for i in acknowledged
                       if "Item" not in ddb2.get_item(TableName="log", Key={"id": {"N": str(i)}})]
            self.assertEqual(missing, [])
        finally:
            c2.cleanup()
            c.cleanup()
            subprocess.run(["rm", "-rf", data])

    def test_data_survives_a_clean_restart(self):
        data = tempfile.mkdtemp(prefix="cloudlet-restart-")
        try:
            with Cloudlet(data_dir=data) as c:
                ddb = c.client("dynamodb")
                ddb.create_table(TableName="tab", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                                 AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                                 BillingMode="PAY_PER_REQUEST")
                ddb.put_item(TableName="tab", Item={"k": {"S": "a"}, "v": {"N": "1"}})
                self.assertEqual(c.stop(), 0)
            with Cloudlet(data_dir=data) as c:
                item = c.client("dynamodb").get_item(TableName="tab", Key={"k": {"S": "a"}})["Item"]
                self.assertEqual(item["v"], {"N": "1"})
        finally:
            subprocess.run(["rm", "-rf", data])

    def test_locked_data_dir_is_one_clear_line(self):
        with Cloudlet() as c:
            r = subprocess.run([BIN, "serve", "--port", "0", "--data-dir", c.data_dir], capture_output=True,
                               text=True, timeout=10)
            self.assertNotEqual(r.returncode, 0)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertIn("in use", r.stderr)

    def test_unwritable_data_dir_is_one_clear_line(self):
        # procfs refuses new directories even to root.
        r = subprocess.run([BIN, "serve", "--port", "0", "--data-dir", "/proc/cloudlet-data"], capture_output=True,
                           text=True, timeout=10)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn("/proc/cloudlet-data", r.stderr)

    def test_data_dir_that_is_a_file_is_one_clear_line(self):
        f = tempfile.NamedTemporaryFile(delete=False)
        f.close()
        try:
            r = subprocess.run([BIN, "serve", "--port", "0", "--data-dir", f.name], capture_output=True, text=True,
                               timeout=10)
            self.assertNotEqual(r.returncode, 0)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertIn(f.name, r.stderr)
        finally:
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main()
