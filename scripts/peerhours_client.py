"""A tiny JSON-over-HTTP client for PeerHours' scripts (e2e, the HTTP benchmark): standard
library only, loopback use."""
import json
import socket
import urllib.error
import urllib.request
import uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class API:
    def __init__(self, base, timeout=60):
        self.base = base
        self.timeout = timeout

    def call(self, method, path, body=None, token=None, idempotent=False, expect=200):
        """The decoded JSON answer; raises AssertionError when the status is not `expect`.
        `idempotent` sends a fresh Idempotency-Key."""
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if idempotent:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        if status != expect:
            raise AssertionError(f"{method} {path}: expected {expect}, got {status}: {text}")
        return json.loads(text) if text else None
