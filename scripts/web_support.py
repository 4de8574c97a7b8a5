"""Shared by the browser scripts (web_journeys.py, screenshots.py): a live server on a fresh data
directory, a seeded network with an invitation, and a headless Chromium driven by selenium."""
import datetime
import email
import email.policy
import os
import re
import signal
import subprocess
import time
import urllib.request
from types import SimpleNamespace

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "violet-harbour-lantern-42"
SIZES = [(390, 844), (1280, 800)]
WAIT_SECONDS = 30  # generous: CI machines are slow when busy
# While a form's answer loads, the element just found may belong to the page being left
# (Chromium then says stale, or "Node with given id does not belong to the document").
RETRIED = (NoSuchElementException, StaleElementReferenceException)


def text_of(driver, tag):
    """The text of the first `tag` element; an element of the page being left reads as stale."""
    try:
        return driver.find_element("tag name", tag).text
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            raise StaleElementReferenceException(str(error)) from error
        raise


def start_server(binary, data, port, test_clock=False, options=()):
    """`peerhours serve` on 127.0.0.1:port (with `test_clock`, on the debug build's test clock,
    moved by `advance_clock`; `options`, more of serve's options); answers the process and its
    bootstrap token. Its log (stderr) is at `server.log_path`."""
    extra = (["--test-clock"] if test_clock else []) + list(options)
    log_path = os.path.join(data, "serve.log")
    with open(log_path, "a") as log:
        server = subprocess.Popen([binary, "serve", "--data", data, "--port", str(port)] + extra,
                                  stdout=subprocess.PIPE, stderr=log, text=True)
    server.log_path = log_path
    token = None
    deadline = time.time() + 60
    while time.time() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        if line.startswith("First start"):
            token = server.stdout.readline().strip()
        if line.startswith("PeerHours listening"):
            break
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read()
            return server, token
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the server did not start")


def stop(server):
    """SIGTERM, then wait for the process (it shuts down gracefully within seconds); then the
    server's log must hold no personal data (`check_log_holds_no_personal_data`). Answers its
    exit status."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        raise AssertionError("the server did not stop within 30 s of SIGTERM")
    check_log_holds_no_personal_data(server.log_path)
    return server.returncode


# Every address the journeys use is at one of these domains, and every account has PASSWORD.
JOURNEY_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@(?:example\.org|demo\.peerhours\.example)")


def check_log_holds_no_personal_data(log_path):
    """The server's log (its stderr) holds none of the journeys' addresses or their password.
    (The end-to-end scenario, scripts/e2e.py, checks its log for every value it sends, names and
    texts included.)"""
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        log = handle.read()
    assert "request" in log, f"{log_path} is empty: nothing was checked"
    leaked = sorted(set(JOURNEY_ADDRESS.findall(log)) | ({PASSWORD} if PASSWORD in log else set()))
    assert not leaked, f"the server's log holds personal data: {leaked}"


def seed_network(api, bootstrap_token, invite):
    """Over the API: the administrator, a network, an invitation for `invite`. Answers the
    invitation's token, the administrator's API token and the network's id."""
    profile = {"displayName": "Ada Admin", "profession": "Network lead", "organisation": "PeerHours",
               "careerStage": "senior", "languages": ["en"]}
    api.call("POST", "/auth/bootstrap", {"bootstrapToken": bootstrap_token, "email": "admin@example.org",
             "password": PASSWORD, "profile": profile}, expect=201)
    admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    network = api.call("POST", "/networks", {"slug": "gp-north", "name": "GPs North", "policy": {"groupSessionPayment": "split"}},
                       token=admin, idempotent=True, expect=201)["networkID"]
    invitation = api.call("POST", f"/networks/{network}/invitations", {"email": invite},
                          token=admin, idempotent=True, expect=201)
    return SimpleNamespace(invitation=invitation["token"], admin=admin, network=network)


def add_member(api, seeded, email, name, profession="GP", organisation="Riverside Surgery"):
    """A member of the seeded network through an invitation accepted over the API; answers their
    member id and API token (the same password signs them in to the pages)."""
    invitation = api.call("POST", f"/networks/{seeded.network}/invitations", {"email": email},
                          token=seeded.admin, idempotent=True, expect=201)
    profile = {"displayName": name, "profession": profession, "organisation": organisation,
               "careerStage": "mid", "languages": ["en"]}
    member = api.call("POST", "/auth/invitations/accept", {"token": invitation["token"], "password": PASSWORD,
                      "profile": profile}, expect=201)["memberID"]
    return member, api.call("POST", "/auth/login", {"email": email, "password": PASSWORD})["token"]


def seed_session_between(api, seeded, requester_token, supporter_token, starts_in_seconds=2 * 86400):
    """An offer of the supporter's (every day, all day), and an exchange the requester proposes
    and the supporter accepts; answers the exchange's id."""
    offer = api.call("POST", "/offers", {"networkID": seeded.network, "title": "Peer support after hard shifts",
                     "kinds": ["peer_support"], "topics": ["burnout"],
                     "availability": [{"weekday": day, "startMinute": 0, "endMinute": 1440} for day in range(1, 8)],
                     "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
                     "capacityHoursPerMonth": 4, "visibility": "network"},
                     token=supporter_token, idempotent=True, expect=201)["offerID"]
    start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=starts_in_seconds)).replace(
        microsecond=0, minute=0, second=0)
    exchange = api.call("POST", "/exchanges", {"offerID": offer, "scheduledStart": start.isoformat().replace("+00:00", "Z"),
                        "durationMinutes": 60}, token=requester_token, idempotent=True, expect=201)["exchangeID"]
    api.call("POST", f"/exchanges/{exchange}/accept", token=supporter_token, idempotent=True)
    return exchange


def advance_clock(base, seconds):
    """Moves a `--test-clock` server's time on (and runs its due work)."""
    request = urllib.request.Request(f"{base}/test-clock/advance?seconds={int(seconds)}", method="POST", data=b"")
    urllib.request.urlopen(request, timeout=30).read()


def accessibility_violations(driver):
    """axe-core's violations of impact serious or critical on the current page."""
    from axe_selenium_python import Axe
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]


class Browser:
    """One headless Chromium (Debian's, with its chromedriver) for a whole script."""

    def __init__(self, javascript=True, size=SIZES[0]):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        # A browser in the UK: British English first (24-hour time fields, Accept-Language en-GB).
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={size[0]},{size[1]}",
                         "--lang=en-GB"]:
            options.add_argument(argument)
        prefs = {"intl.accept_languages": "en-GB,en"}
        if not javascript:
            prefs["profile.managed_default_content_settings.javascript"] = 2
        options.add_experimental_option("prefs", prefs)
        self.javascript = javascript
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(30)

    def open(self, url):
        self.driver.get(url)

    def fill(self, values):
        for element_id, value in values.items():
            element = self.driver.find_element("id", element_id)
            element.clear()
            element.send_keys(value)

    def submit(self):
        self.driver.find_element("css selector", "main form button[type=submit]").click()

    def expect_heading(self, text):
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=RETRIED).until(
            lambda d: text in text_of(d, "h1"),
            message=f"expected the heading {text!r}")

    def expect_text(self, text):
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=RETRIED).until(
            lambda d: text in text_of(d, "body"), message=f"expected {text!r} on the page")

    def expect_element(self, element_id):
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=RETRIED).until(
            lambda d: d.find_elements("id", element_id), message=f"expected #{element_id}")

    def keys(self, *keys):
        """Presses keys on whatever has the focus, as a person at a keyboard does."""
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.driver).send_keys(*keys).perform()

    def tab_to(self, description, matches, limit=60):
        """Presses Tab until the focused element satisfies `matches` (a function of the element);
        fails if `limit` presses do not reach it (the element is not reachable by keyboard)."""
        from selenium.webdriver.common.keys import Keys
        from selenium.common.exceptions import WebDriverException
        for _ in range(limit):
            self.keys(Keys.TAB)
            try:
                focused = self.driver.switch_to.active_element
                if matches(focused):
                    return focused
            except WebDriverException:
                # The page was still being replaced: its element is gone; keep going.
                time.sleep(0.2)
        raise AssertionError(f"Tab never reached {description}")

    def quit(self):
        self.driver.quit()


# Email written by `serve` to the data directory's mail folder (its default transport).
MAIL_WAIT_SECONDS = 60


def mails(folder):
    """Every message in the mail folder, parsed."""
    found = []
    if not os.path.isdir(folder):
        return found
    for name in sorted(os.listdir(folder)):
        if name.endswith(".eml"):
            with open(os.path.join(folder, name), "rb") as handle:
                found.append(email.message_from_bytes(handle.read(), policy=email.policy.default))
    return found


def wait_for_mail(folder, to, subject_part, seen=()):
    """The first message to `to` whose subject contains `subject_part`, not among `seen` Message-IDs."""
    deadline = time.time() + MAIL_WAIT_SECONDS
    while time.time() < deadline:
        for message in mails(folder):
            if to in str(message["To"]) and subject_part in str(message["Subject"]) and message["Message-ID"] not in seen:
                return message
        time.sleep(0.3)
    raise AssertionError(f"no email to {to} about {subject_part!r} within {MAIL_WAIT_SECONDS} s")


def link_in(message, path_prefix):
    """The first link in the message's text whose path starts with `path_prefix`."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^\s]+" + re.escape(path_prefix) + r"[^\s]*", text)
    assert match, f"no {path_prefix} link in: {text}"
    return match.group(0)
