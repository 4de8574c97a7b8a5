#!/usr/bin/env python3
"""Live test of `peerhours serve --tls-certificate --tls-key` (docs/TLS.md).

Makes a certificate authority and two server certificates for 127.0.0.1/localhost with Debian's
`openssl` in a temporary directory, starts the server with the first on a free loopback port,
and checks:
  - a client trusting the CA gets GET /health over HTTP/1.1, with Strict-Transport-Security;
  - ALPN offering h2 selects "h2", and curl --http2 gets /health over HTTP/2;
  - a TLS 1.2 client is served, a TLS 1.1-only client is refused by the server;
  - a client that does not trust the CA fails verification;
  - plain HTTP to the TLS port is closed without an HTTP answer (no hang), and the server stays up;
  - the sign-in page's cookie and the session cookie of a web sign-in carry Secure;
  - SIGHUP after the files are replaced by the second certificate: a keep-alive connection opened
    before still serves requests, a new connection sees the second certificate; then a broken
    PEM, and a key not matching its certificate, with SIGHUP keep the second, the server up.
Finally SIGTERM stops it cleanly, an idle HTTP/2 connection open. Every wait is bounded.

Usage:
  python3 scripts/tls_test.py .build/debug/peerhours [--rounds N]
Environment: TLS_TEST_ROUNDS overrides --rounds (default 1): how many times the reload cycle
(second certificate, broken PEM, first certificate back) runs.
Standard library, openssl and curl (Debian packages). Loopback only.
"""
import argparse
import http.client
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peerhours_client import free_port  # noqa: E402

HSTS = "max-age=31536000"
PASSWORD = "tls-test-violet-harbour-42"
TIMEOUT = 10


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   timeout=60)


def make_certificates(directory):
    """ca.pem; first.pem/first.key and second.pem/second.key signed by it (serials 1001, 1002); the serials."""
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=PeerHours TLS test CA", "-keyout", "ca.key", "-out", "ca.pem", cwd=directory)
    extensions = os.path.join(directory, "server.ext")
    with open(extensions, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
                "basicConstraints=critical,CA:FALSE\n")
    serials = {}
    for name, serial in (("first", 0x1001), ("second", 0x1002)):
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", f"/CN=peerhours-tls-{name}", "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=directory)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", str(serial),
                "-days", "2", "-extfile", "server.ext", "-out", f"{name}.pem", cwd=directory)
        serials[name] = serial
    return serials


def install(directory, certificate, key, live_certificate, live_key):
    """Replaces the served files atomically (a rename each), as a certificate renewal would."""
    for source, target in ((certificate, live_certificate), (key, live_key)):
        with open(os.path.join(directory, source), "rb") as f:
            data = f.read()
        temporary = target + ".new"
        with open(temporary, "wb") as f:
            f.write(data)
        os.replace(temporary, target)


class Server:
    """`peerhours serve` with TLS; stdout drained by a thread, the log (stderr) in a file."""

    def __init__(self, binary, data, port, certificate, key, log_path):
        self.port = port
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", str(port),
             "--tls-certificate", certificate, "--tls-key", key],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.lines = []
        self.lock = threading.Lock()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.process.stdout:
            with self.lock:
                self.lines.append(line.rstrip("\n"))

    def wait_listening(self, timeout=90):
        """The bootstrap token once the server says it listens over https."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode} while starting: {self.log_text()}")
            with self.lock:
                lines = list(self.lines)
            # The start line is printed as the server begins to listen: the socket may open a
            # moment later.
            if any(line.startswith("PeerHours listening on https://127.0.0.1:") for line in lines) \
                    and self.accepts_connections():
                token = next((lines[i + 1].strip() for i, line in enumerate(lines[:-1]) if line.startswith("First start")), None)
                return token
            if any(line.startswith("PeerHours listening on http://") for line in lines):
                raise AssertionError(f"the server says it listens over plain http: {lines}")
            time.sleep(0.1)
        raise AssertionError("the server did not start listening")

    def accepts_connections(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    def wait_log(self, needle, count, timeout=TIMEOUT):
        """Waits until `needle` appears `count` times in the log."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.log_text().count(needle) >= count:
                return
            assert self.process.poll() is None, f"the server exited ({self.process.returncode}): {self.log_text()[-2000:]}"
            time.sleep(0.05)
        raise AssertionError(f"not logged within {timeout} s: {needle!r}\n{self.log_text()[-2000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
                raise AssertionError("the server did not stop within 30 s of SIGTERM")
        self.log.close()
        return self.process.returncode


def trusting(ca, **versions):
    context = ssl.create_default_context(cafile=ca)
    for attribute, value in versions.items():
        setattr(context, attribute, value)
    return context


def connect(port, context, alpn=None):
    """A TLS socket to the server (handshake done)."""
    if alpn:
        context.set_alpn_protocols(alpn)
    raw = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    try:
        return context.wrap_socket(raw, server_hostname="localhost")
    except BaseException:
        raw.close()
        raise


def served_serial(port, ca):
    with connect(port, trusting(ca)) as tls:
        der = tls.getpeercert(binary_form=True)
        return int(tls.getpeercert()["serialNumber"], 16), der


def get(connection, path, headers=None):
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.getheaders(), response.read()


def check_http1(port, ca):
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=TIMEOUT, context=trusting(ca))
    status, headers, body = get(connection, "/health")
    connection.close()
    assert status == 200, (status, body)
    assert dict(headers).get("Strict-Transport-Security") == HSTS, headers
    print("  HTTP/1.1 over TLS: /health 200 with Strict-Transport-Security")


def check_http2(port, ca):
    with connect(port, trusting(ca), alpn=["h2", "http/1.1"]) as tls:
        assert tls.selected_alpn_protocol() == "h2", tls.selected_alpn_protocol()
    with connect(port, trusting(ca), alpn=["http/1.1"]) as tls:
        assert tls.selected_alpn_protocol() == "http/1.1", tls.selected_alpn_protocol()
    result = subprocess.run(
        ["curl", "--silent", "--show-error", "--http2", "--cacert", ca, "--max-time", str(TIMEOUT),
         "--resolve", f"localhost:{port}:127.0.0.1", "--output", "/dev/null", "--dump-header", "-",
         "--write-out", "%{http_version} %{http_code}\n", f"https://localhost:{port}/health"],
        capture_output=True, text=True, timeout=TIMEOUT + 5)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last == "2 200", result.stdout
    assert re.search(r"(?im)^strict-transport-security: max-age=31536000\s*$", result.stdout), result.stdout
    print("  ALPN: h2 offered → h2 chosen, http/1.1 alone → http/1.1; curl --http2: HTTP/2 200")


def check_versions(port, ca):
    with connect(port, trusting(ca, maximum_version=ssl.TLSVersion.TLSv1_2)) as tls:
        assert tls.version() == "TLSv1.2", tls.version()
    warnings.filterwarnings("ignore", category=DeprecationWarning)   # TLSVersion.TLSv1_1 is, rightly
    old = trusting(ca, minimum_version=ssl.TLSVersion.TLSv1_1, maximum_version=ssl.TLSVersion.TLSv1_1)
    old.set_ciphers("DEFAULT:@SECLEVEL=0")   # so that this client does offer TLS 1.1: the server must refuse it
    try:
        connect(port, old).close()
        raise AssertionError("a TLS 1.1 client was served")
    except ssl.SSLError as error:
        # The server's alert, not this client declining: it did offer TLS 1.1.
        assert error.reason == "TLSV1_ALERT_PROTOCOL_VERSION", error
        print(f"  TLS 1.2 served; TLS 1.1 refused ({error.reason})")


def check_untrusted(port):
    try:
        connect(port, ssl.create_default_context()).close()
        raise AssertionError("a client not trusting the test CA accepted the certificate")
    except ssl.SSLCertVerificationError as error:
        print(f"  a client not trusting the CA: {error.verify_message}")


def check_plain_http(port, ca):
    started = time.time()
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as plain:
        plain.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        while len(received) < 65_536:
            try:
                chunk = plain.recv(4096)   # bounded by the socket's timeout: raises rather than hangs
            except ConnectionResetError:   # a reset is a clean refusal too
                break
            if not chunk:
                break
            received += chunk
    assert not received.startswith(b"HTTP/"), received[:200]
    print(f"  plain HTTP to the TLS port: closed after {len(received)} bytes (no HTTP answer) "
          f"in {time.time() - started:.2f} s")
    check_http1(port, ca)


def check_cookies(port, ca, token):
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=TIMEOUT, context=trusting(ca))
    body = ('{"bootstrapToken": "%s", "email": "admin@example.org", "password": "%s", "profile": {"displayName": '
            '"Admin", "profession": "Lead", "organisation": "PeerHours", "careerStage": "mid", "languages": ["en"]}}'
            % (token, PASSWORD))
    connection.request("POST", "/auth/bootstrap", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 201, (response.status, response.read())
    response.read()
    status, headers, page = get(connection, "/sign-in", {"Accept": "text/html"})
    assert status == 200, status
    form_cookie = next(v for k, v in headers if k.lower() == "set-cookie" and v.startswith("peerhours_form="))
    assert "; Secure" in form_cookie, form_cookie
    assert dict(headers).get("Strict-Transport-Security") == HSTS
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.decode()).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "email": "admin@example.org", "password": PASSWORD})
    connection.request("POST", "/sign-in", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": form_cookie.split(";")[0],
        "Origin": f"https://127.0.0.1:{port}", "Accept": "text/html"})
    response = connection.getresponse()
    response.read()
    assert response.status == 303, response.status
    session_cookie = next(v for k, v in response.getheaders() if k.lower() == "set-cookie" and v.startswith("peerhours_session="))
    assert "; Secure" in session_cookie and "HttpOnly" in session_cookie, session_cookie
    assert response.getheader("Strict-Transport-Security") == HSTS
    connection.close()
    print("  sign-in page and sign-in: cookies Secure, Strict-Transport-Security on both")


def check_reload(server, port, ca, directory, live, serials, round_number):
    """One reload cycle; `live` = (certificate path, key path). Starts and ends serving `first`."""
    reloaded = server.log_text().count("TLS certificate reloaded")
    refused = server.log_text().count("TLS certificate not reloaded")
    kept = http.client.HTTPSConnection("127.0.0.1", port, timeout=TIMEOUT, context=trusting(ca))
    assert get(kept, "/health")[0] == 200
    kept_socket = kept.sock
    assert int(kept_socket.getpeercert()["serialNumber"], 16) == serials["first"]

    install(directory, "second.pem", "second.key", *live)
    server.process.send_signal(signal.SIGHUP)
    server.wait_log("TLS certificate reloaded", reloaded + 1)
    assert served_serial(port, ca)[0] == serials["second"], "a new connection after the reload got the old certificate"
    status, _, _ = get(kept, "/health")
    assert status == 200 and kept.sock is kept_socket, "the connection opened before the reload was not kept"
    print(f"  round {round_number}: SIGHUP → new connections get serial {serials['second']:#x}; "
          "the keep-alive connection from before still serves")

    for broken, what in ((("first.pem", "broken.pem"), "a broken PEM"), (("first.pem", "second.key"), "a key of another certificate")):
        install(directory, *broken, *live)
        server.process.send_signal(signal.SIGHUP)
        refused += 1
        server.wait_log("TLS certificate not reloaded", refused)
        assert served_serial(port, ca)[0] == serials["second"], f"{what} replaced the served certificate"
        assert get(kept, "/health")[0] == 200
        print(f"  round {round_number}: {what} + SIGHUP → logged, the second certificate kept, server up")

    install(directory, "first.pem", "first.key", *live)
    server.process.send_signal(signal.SIGHUP)
    server.wait_log("TLS certificate reloaded", reloaded + 2)
    assert served_serial(port, ca)[0] == serials["first"]
    assert get(kept, "/health")[0] == 200 and kept.sock is kept_socket
    kept.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("TLS_TEST_ROUNDS", "1")))
    arguments = parser.parse_args()
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="peerhours-tls-") as directory:
        serials = make_certificates(directory)
        with open(os.path.join(directory, "broken.pem"), "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----\n")
        live = (os.path.join(directory, "live.pem"), os.path.join(directory, "live.key"))
        install(directory, "first.pem", "first.key", *live)
        ca = os.path.join(directory, "ca.pem")
        port = free_port()
        server = Server(arguments.binary, os.path.join(directory, "data"), port, *live, os.path.join(directory, "serve.log"))
        try:
            token = server.wait_listening()
            assert token, "the first start printed no bootstrap token"
            print(f"serving https on 127.0.0.1:{port}")
            check_http1(port, ca)
            check_http2(port, ca)
            check_versions(port, ca)
            check_untrusted(port)
            check_plain_http(port, ca)
            check_cookies(port, ca, token)
            for round_number in range(1, arguments.rounds + 1):
                check_reload(server, port, ca, directory, live, serials, round_number)
            assert server.process.poll() is None, "the server stopped"
        except BaseException:
            print(server.log_text()[-4000:], file=sys.stderr)
            server.stop()
            raise
        # An HTTP/2 connection that never answers the server's GOAWAY ping must not hold up the stop.
        idle_h2 = connect(port, trusting(ca), alpn=["h2"])
        idle_h2.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes([0, 0, 0, 4, 0, 0, 0, 0, 0]))
        stopping = time.time()
        code = server.stop()
        idle_h2.close()
        assert code == 0, f"the server exited with {code} after SIGTERM"
        print(f"  SIGTERM with an idle HTTP/2 connection open: stopped in {time.time() - stopping:.1f} s")
    print(f"tls_test: all checks passed in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
