#!/usr/bin/env python3
"""The SMTP transport against real servers on loopback (docs/MAIL.md, "Transports").

Usage: smtp_transport_test.py BINARY   (BINARY is .build/debug/peerhours)

Runs `peerhours mail-check` against aiosmtpd servers (plain, STARTTLS with AUTH PLAIN and AUTH
LOGIN, implicit TLS, refusing) and against scripted raw servers (421 greeting, dropped
connections, slow greetings, plain text injected after STARTTLS), and checks each exit code
(0 sent, 75 transient, 69 permanent, 64 unusable settings) and what the servers received.
Needs aiosmtpd and icalendar (pip) and openssl. Ports 27000-27099 on 127.0.0.1. Every server is
stopped at the end; the whole run is bounded (about a minute).
"""
import email
import email.policy
import logging
import os
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
import icalendar

# aiosmtpd logs each refused handshake with its traceback (the untrusted-certificate cases mean
# to be refused) and warns about its own API: neither is this test's output.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", message="Session.login_data")

HOST = "127.0.0.1"
SENDER = "notices@peerhours.example"
RECIPIENT = "zoe.oceallaigh@nhs.example"
SUBJECT_PREFIX, SUBJECT_SUFFIX = "PeerHours mail check 1/", ": Siân and Zoë's session — confirmed ✓"
USERNAME, PASSWORD = "peerhours", "correct horse battery staple"
RUN_SECONDS_MAX = 25


class Recorder:
    """An aiosmtpd handler that keeps what it accepts; `refuse_rcpt` answers RCPT with a 550."""

    def __init__(self, refuse_rcpt=False):
        self.messages = []
        self.refuse_rcpt = refuse_rcpt
        self.authenticated = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content, session.authenticated))
        return "250 2.0.0 Ok: queued"


class Authenticator:
    def __init__(self):
        self.mechanisms = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.mechanisms.append(mechanism)
        ok = auth_data.login == USERNAME.encode() and auth_data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)


class Scripted(socketserver.BaseRequestHandler):
    """A raw SMTP server whose behaviour the test chooses (`self.server.behaviour`)."""

    def handle(self):
        behaviour = self.server.behaviour
        connection = self.request
        connection.settimeout(10)
        reader = connection.makefile("rb")
        try:
            time.sleep(behaviour.get("greeting_delay", 0))
            connection.sendall(behaviour.get("greeting", b"220 scripted ESMTP\r\n"))
            if not behaviour.get("close_after_greeting"):
                self.converse(connection, reader, behaviour)
        except (OSError, ValueError):
            pass  # the client gave up first: what the slow-server cases expect

    def converse(self, connection, reader, behaviour):
        for _ in range(20):
            line = reader.readline(1024)
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                extensions = b"250-STARTTLS\r\n" if behaviour.get("inject_after_starttls") else b""
                connection.sendall(b"250-scripted\r\n" + extensions + b"250 SIZE 1000000\r\n")
            elif verb == b"STAR":
                connection.sendall(b"220 2.0.0 go ahead\r\n250 injected in plain text\r\n")
                time.sleep(1)
                return
            elif verb in (b"MAIL", b"RCPT"):
                connection.sendall(b"250 2.1.0 Ok\r\n")
            elif verb == b"DATA":
                connection.sendall(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                if behaviour.get("drop_in_data"):
                    reader.read(200)
                    return
                self.read_data(reader)
                connection.sendall(b"250 2.0.0 Ok: queued\r\n")
                self.server.delivered += 1
            elif verb == b"QUIT":
                connection.sendall(b"221 2.0.0 Bye\r\n")
                return
            else:
                connection.sendall(b"502 5.5.2 not implemented\r\n")

    @staticmethod
    def read_data(reader):
        for _ in range(100_000):
            line = reader.readline(2000)
            if line in (b".\r\n", b""):
                return


class ScriptedServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port, behaviour):
        super().__init__((HOST, port), Scripted)
        self.behaviour = behaviour
        self.delivered = 0
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def stop(self):
        self.shutdown()
        self.server_close()


class Suite:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.servers = []
        self.failures = []
        self.certificate, self.key = make_certificate(workdir)

    def run_check(self, url=None, mail_dir=None, count=1, timeout_seconds=None, environment=None):
        command = [self.binary, "mail-check", "--from", SENDER, "--to", RECIPIENT, "--count", str(count)]
        command += ["--smtp", url] if url else ["--mail-dir", mail_dir]
        if timeout_seconds:
            command += ["--timeout-seconds", str(timeout_seconds)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PEERHOURS_SMTP_")}
        env.update(environment or {})
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_SECONDS_MAX, env=env)
        elapsed = time.monotonic() - started
        for stream in (result.stdout, result.stderr):
            self.expect(RECIPIENT not in stream and SENDER not in stream and PASSWORD not in stream,
                        "output names no address or password: %r" % stream)
        return result, elapsed

    def expect(self, condition, what):
        if not condition:
            self.failures.append(what)
            print("  FAIL:", what)

    def expect_exit(self, name, result, code, reason=None):
        ok = result.returncode == code and (reason is None or reason in result.stdout + result.stderr)
        print("%-40s exit %d %s" % (name, result.returncode, "ok" if ok else "FAIL"))
        self.expect(ok, "%s: expected exit %d%s, got %d; stdout %r stderr %r" % (
            name, code, " with %r" % reason if reason else "", result.returncode, result.stdout, result.stderr))

    def controller(self, port, handler, **kwargs):
        controller = Controller(handler, hostname=HOST, port=port, **kwargs)
        controller.start()
        self.servers.append(controller)
        return controller

    def scripted(self, port, **behaviour):
        server = ScriptedServer(port, behaviour)
        self.servers.append(server)
        return server

    def server_tls_context(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificate, self.key)
        return context

    def stop_all(self):
        for server in self.servers:
            try:
                server.stop()
            except Exception as error:  # a server that failed to start has nothing to stop
                print("stopping a server:", error)


def make_certificate(workdir):
    certificate, key = os.path.join(workdir, "cert.pem"), os.path.join(workdir, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True, timeout=30)
    return certificate, key


def check_received(suite, raw, mail_from=None, rcpt_tos=None):
    """The message as a mail client reads it: headers decoded, the parts where they belong."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(message["Subject"])
    suite.expect(subject.startswith(SUBJECT_PREFIX) and subject.endswith(SUBJECT_SUFFIX), "subject decoded: %r" % subject)
    suite.expect(message["From"].addresses[0].display_name == "PeerHours — Gwasanaeth Cymorth", "From name: %r" % str(message["From"]))
    suite.expect(message["To"].addresses[0].addr_spec == RECIPIENT, "To address")
    suite.expect(message["To"].addresses[0].display_name == "Siân Ó Ceallaigh-Łukasiewicz", "To name: %r" % str(message["To"]))
    suite.expect(message["Auto-Submitted"] == "auto-generated", "Auto-Submitted")
    suite.expect(message["Message-ID"].startswith("<mail-check."), "Message-ID")
    suite.expect(message.get_content_type() == "multipart/mixed", "top level: %s" % message.get_content_type())
    parts = {part.get_content_type(): part for part in message.walk()}
    suite.expect("multipart/alternative" in parts, "a multipart/alternative part")
    alternative = [part.get_content_type() for part in parts["multipart/alternative"].iter_parts()]
    suite.expect(alternative == ["text/plain", "text/html", "text/calendar"], "alternative parts: %r" % alternative)
    suite.expect("Siân and Zoë's session" in parts["text/plain"].get_content(), "text part decodes")
    suite.expect(".A line that starts with a full stop." in parts["text/plain"].get_content(), "dot line survives")
    suite.expect("<p>Siân and Zoë's session" in parts["text/html"].get_content(), "HTML part decodes")
    calendar = parts["text/calendar"]
    suite.expect(calendar.get_param("method") == "REQUEST", "calendar method")
    event = icalendar.Calendar.from_ical(calendar.get_content())
    suite.expect(str(event.get("METHOD")) == "REQUEST" and len(event.walk("VEVENT")) == 1, "calendar parses")
    attachments = [part.get_filename() for part in message.iter_attachments()]
    suite.expect(attachments == ["invite.ics"], "invite.ics attachment: %r" % attachments)
    if mail_from is not None:
        suite.expect(mail_from == SENDER and rcpt_tos == [RECIPIENT], "envelope %r %r" % (mail_from, rcpt_tos))


def plain_and_mail_dir(suite):
    recorder = Recorder()
    suite.controller(27001, recorder)
    result, _ = suite.run_check(url="smtp://%s:27001" % HOST, count=2)
    suite.expect_exit("plain SMTP, two messages", result, 0)
    suite.expect(len(recorder.messages) == 2, "two messages received, got %d" % len(recorder.messages))
    suite.expect(result.stdout.count("accepted by smtp") == 2, "one line per message: %r" % result.stdout)
    if recorder.messages:
        mail_from, rcpt_tos, raw, _ = recorder.messages[0]
        check_received(suite, raw, mail_from, rcpt_tos)
    folder = os.path.join(suite.workdir, "eml")
    result, _ = suite.run_check(mail_dir=folder, count=2)
    suite.expect_exit("mail-dir, two messages", result, 0)
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    suite.expect(len(names) == 2 and all(name.endswith(".eml") for name in names), "two .eml files: %r" % names)
    if names:
        with open(os.path.join(folder, names[0]), "rb") as file:
            check_received(suite, file.read())
        suite.expect(oct(os.stat(folder).st_mode & 0o777) == "0o700", "the folder is 0700")


def starttls_and_auth(suite):
    authenticator = Authenticator()
    tls = dict(tls_context=suite.server_tls_context(), require_starttls=True, auth_required=True,
               auth_require_tls=True, authenticator=authenticator)
    plain_auth, login_auth = Recorder(), Recorder()
    suite.controller(27002, plain_auth, **tls)
    suite.controller(27003, login_auth, auth_exclude_mechanism=["PLAIN"], **tls)
    credentials = {"PEERHOURS_SMTP_USERNAME": USERNAME, "PEERHOURS_SMTP_PASSWORD": PASSWORD,
                   "PEERHOURS_SMTP_CA_FILE": suite.certificate}
    result, _ = suite.run_check(url="smtp://%s:27002" % HOST, environment=credentials)
    suite.expect_exit("STARTTLS + AUTH PLAIN", result, 0)
    suite.expect(len(plain_auth.messages) == 1 and plain_auth.messages[0][3], "received after AUTH")
    password_file = os.path.join(suite.workdir, "password")
    with open(password_file, "w") as file:
        file.write(PASSWORD + "\n")
    file_credentials = dict(credentials, PEERHOURS_SMTP_PASSWORD_FILE=password_file)
    del file_credentials["PEERHOURS_SMTP_PASSWORD"]
    result, _ = suite.run_check(url="smtp://%s:27003" % HOST, environment=file_credentials)
    suite.expect_exit("STARTTLS + AUTH LOGIN (password file)", result, 0)
    suite.expect(len(login_auth.messages) == 1, "received after AUTH LOGIN")
    suite.expect(authenticator.mechanisms[:2] == ["PLAIN", "LOGIN"], "mechanisms used: %r" % authenticator.mechanisms)
    if plain_auth.messages:
        check_received(suite, plain_auth.messages[0][2])
    wrong = dict(credentials, PEERHOURS_SMTP_PASSWORD="wrong")
    result, _ = suite.run_check(url="smtp://%s:27002" % HOST, environment=wrong)
    suite.expect_exit("AUTH refused (535)", result, 75, "AUTH 535")
    untrusted = {k: v for k, v in credentials.items() if k != "PEERHOURS_SMTP_CA_FILE"}
    result, _ = suite.run_check(url="smtp://%s:27002" % HOST, environment=untrusted)
    suite.expect_exit("STARTTLS, certificate not trusted", result, 75, "TLS")
    suite.expect(len(plain_auth.messages) == 1, "nothing delivered without trust")


def implicit_tls(suite):
    recorder = Recorder()
    suite.controller(27004, recorder, ssl_context=suite.server_tls_context())
    result, _ = suite.run_check(url="smtps://%s:27004" % HOST, environment={"PEERHOURS_SMTP_CA_FILE": suite.certificate})
    suite.expect_exit("smtps (implicit TLS)", result, 0)
    suite.expect(len(recorder.messages) == 1, "received over smtps")
    result, _ = suite.run_check(url="smtps://%s:27004" % HOST)
    suite.expect_exit("smtps, certificate not trusted", result, 75, "TLS")


def refusals(suite):
    suite.controller(27005, Recorder(refuse_rcpt=True))
    result, _ = suite.run_check(url="smtp://%s:27005" % HOST)
    suite.expect_exit("550 at RCPT", result, 69, "RCPT 550 5.1.1")
    suite.scripted(27006, greeting=b"421 4.3.2 too busy\r\n", close_after_greeting=True)
    result, _ = suite.run_check(url="smtp://%s:27006" % HOST)
    suite.expect_exit("421 greeting", result, 75, "greeting 421")
    result, _ = suite.run_check(url="smtp://%s:27099" % HOST, timeout_seconds=2)
    suite.expect_exit("nothing listening", result, 75, "connect")
    result, _ = suite.run_check(url="smtp://%s:%s@%s:27001" % (USERNAME, "hunter2", HOST))
    suite.expect_exit("URL with a password", result, 64, "PEERHOURS_SMTP_PASSWORD")


def dropped_and_slow(suite):
    suite.scripted(27007, close_after_greeting=True)
    result, _ = suite.run_check(url="smtp://%s:27007" % HOST)
    suite.expect_exit("dropped after greeting", result, 75, "EHLO connection")
    dropping = suite.scripted(27008, drop_in_data=True)
    result, _ = suite.run_check(url="smtp://%s:27008" % HOST)
    suite.expect_exit("dropped during DATA", result, 75, "DATA end")
    suite.expect(dropping.delivered == 0, "nothing delivered by the dropping server")
    suite.scripted(27009, greeting_delay=4)
    result, elapsed = suite.run_check(url="smtp://%s:27009" % HOST, timeout_seconds=2)
    suite.expect_exit("greeting later than the timeout", result, 75, "greeting timeout")
    suite.expect(elapsed < 4, "gave up within the timeout's bound: %.1f s" % elapsed)
    slow = suite.scripted(27010, greeting_delay=1)
    result, _ = suite.run_check(url="smtp://%s:27010" % HOST, timeout_seconds=3)
    suite.expect_exit("slow greeting inside the timeout", result, 0)
    suite.expect(slow.delivered == 1, "the slow server got the message")
    suite.scripted(27011, inject_after_starttls=True)
    result, _ = suite.run_check(url="smtp://%s:27011" % HOST)
    suite.expect_exit("plain text injected after STARTTLS", result, 75, "STARTTLS plain text")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: smtp_transport_test.py BINARY")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="smtp-transport-test-") as workdir:
        suite = Suite(os.path.abspath(sys.argv[1]), workdir)
        try:
            for group in (plain_and_mail_dir, starttls_and_auth, implicit_tls, refusals, dropped_and_slow):
                group(suite)
        finally:
            suite.stop_all()
    elapsed = time.monotonic() - started
    suite.expect(elapsed < 90, "the whole run under 90 s: %.1f s" % elapsed)
    if suite.failures:
        print("%d failure(s) in %.1f s" % (len(suite.failures), elapsed))
        sys.exit(1)
    print("smtp transport: all checks passed in %.1f s" % elapsed)


if __name__ == "__main__":
    main()
