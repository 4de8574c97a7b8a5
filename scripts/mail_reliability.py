#!/usr/bin/env python3
"""Email is delivered at least once, whatever happens to the server or the mail server.

1. A slow SMTP server (aiosmtpd on loopback, each message held `--delay` seconds before its 250):
   invitations are issued through the API (each commits an outbox row with the invitation), and
   `peerhours serve` is SIGKILLed while it is sending, then restarted. Afterwards every committed
   notice was received (by its Message-ID), none is left pending, and duplicates (the messages in
   flight at the kill, sent again with the same Message-ID) are counted and at most the delivery
   service's concurrency per kill.
2. The SMTP server stopped for a while: notices written meanwhile are retried with backoff,
   `/health` says `degraded`, and once the server is back every one is delivered and `/health`
   says `ok` again.

Usage: python3 scripts/mail_reliability.py .build/debug/peerhours [--messages 40] [--kills 2]
Environment: MAIL_RELIABILITY_MESSAGES overrides --messages' default. Needs aiosmtpd (the .ci/run
venv has it). Loopback only; every wait has a deadline.
"""
import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.request

from aiosmtpd.controller import Controller

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Benchmarks", "http"))
sys.path.insert(0, HERE)
from http_bench import PASSWORD, Server, profile  # noqa: E402
from peerhours_client import API, free_port  # noqa: E402

CONCURRENCY = 4  # DeliveryService.Options.concurrencyMax


class Recorder:
    """Keeps the Message-ID of every message the server received, then waits `delay` seconds."""

    def __init__(self, delay):
        self.delay = delay
        self.lock = threading.Lock()
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message_id = next((line.split(b":", 1)[1].strip().decode() for line in envelope.content.split(b"\r\n")
                           if line.lower().startswith(b"message-id:")), None)
        with self.lock:
            self.received.append(message_id)
        await asyncio.sleep(self.delay)
        return "250 OK"


def outbox_ids(data, state=None):
    db = sqlite3.connect(f"file:{os.path.join(data, 'identity.sqlite')}?mode=ro", uri=True)
    try:
        sql = "SELECT id FROM outbox" + (" WHERE state = ?" if state else "")
        return {row[0] for row in db.execute(sql, (state,) if state else ())}
    finally:
        db.close()


def wait_until(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    sys.exit(f"FAIL: {what} within {timeout} s")


def health(base):
    with urllib.request.urlopen(base + "/health", timeout=5) as response:
        return json.loads(response.read())


def serve_command(binary, data, port, smtp_port):
    return [binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", str(port),
            "--smtp", f"smtp://127.0.0.1:{smtp_port}", "--mail-retry-seconds", "1"]


def invite(api, admin, network, prefix, count):
    for i in range(count):
        api.call("POST", f"/networks/{network}/invitations", {"email": f"{prefix}-{i}@example.org"}, token=admin,
                 idempotent=True, expect=201)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("peerhours")
    parser.add_argument("--messages", type=int, default=int(os.environ.get("MAIL_RELIABILITY_MESSAGES", "40")))
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--delay", type=float, default=0.4)
    options = parser.parse_args()
    data = tempfile.mkdtemp(prefix="peerhours-mail-")
    port, smtp_port = free_port(), free_port()
    recorder = Recorder(options.delay)
    controller = Controller(recorder, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    command = serve_command(options.peerhours, data, port, smtp_port)
    server = Server(None, data, port, False, os.path.join(data, "serve.log"), command=command)
    try:
        token = server.wait_ready()
        api = API(server.base)
        api.call("POST", "/auth/bootstrap", {"bootstrapToken": token, "email": "admin@example.org", "password": PASSWORD,
                 "profile": profile("Admin")}, expect=201)
        admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
        policy = {"creditFloorMinutes": -600, "welcomeGrantMinutes": 60, "autoConfirmDays": 7,
                  "groupSessionPayment": "community", "graceMinutes": 1440}
        network = api.call("POST", "/networks", {"slug": "mail", "name": "Mail", "policy": policy}, token=admin,
                           idempotent=True, expect=201)["networkID"]

        # 1. Killed while sending to a slow server.
        invite(api, admin, network, "kill", options.messages)
        for kill in range(options.kills):
            time.sleep(options.delay * 2)
            server.process.kill()
            server.process.wait(timeout=30)
            server = Server(None, data, port, False, os.path.join(data, f"serve.{kill}.log"), command=command)
            server.wait_ready(first_start=False)
        expected = outbox_ids(data)
        wait_until(lambda: not outbox_ids(data, "pending"), 180, "every notice sent after the kills")
        if outbox_ids(data, "sent") != expected:
            sys.exit(f"FAIL: not every notice was sent: {sorted(expected - outbox_ids(data, 'sent'))}")
        with recorder.lock:
            received = list(recorder.received)
        wanted = {f"<peerhours.identity.{i}@127.0.0.1>" for i in expected}
        missing = wanted - set(received)
        if missing:
            sys.exit(f"FAIL: committed notices never received: {sorted(missing)}")
        duplicates = len(received) - len(set(received))
        if duplicates > CONCURRENCY * options.kills:
            sys.exit(f"FAIL: {duplicates} duplicates for {options.kills} kills (at most {CONCURRENCY} per kill)")
        print(f"killed while sending: {len(wanted)} notices all received; {duplicates} duplicates "
              f"(same Message-ID) after {options.kills} SIGKILLs")

        # 2. The SMTP server down for a while.
        controller.stop()
        before = len(outbox_ids(data))
        invite(api, admin, network, "down", 10)
        wait_until(lambda: health(server.base)["status"] == "degraded", 60, "/health degraded while SMTP is down")
        controller = Controller(recorder, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        wait_until(lambda: not outbox_ids(data, "pending"), 120, "delivery resumed after SMTP came back")
        if len(outbox_ids(data, "sent")) != before + 10 or outbox_ids(data, "failed"):
            sys.exit("FAIL: a notice was lost or failed while SMTP was down")
        wait_until(lambda: health(server.base)["status"] == "ok", 30, "/health ok again")
        print("SMTP down for a while: 10 notices retried and delivered once it was back; /health degraded then ok")
    finally:
        server.stop()
        try:
            controller.stop()
        except Exception:  # already stopped
            pass
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
