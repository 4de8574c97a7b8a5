"""Shared by the browser scripts (web_journeys.py, screenshots.py): a live server on a fresh data
directory, a seeded network with an invitation, and a headless Chromium driven by selenium."""
import signal
import subprocess
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "violet-harbour-lantern-42"
SIZES = [(390, 844), (1280, 800)]
WAIT_SECONDS = 30  # generous: CI machines are slow when busy
# While a form's answer loads, the element just found may belong to the page being left.
RETRIED = (NoSuchElementException, StaleElementReferenceException)


def start_server(binary, data, port):
    """`peerhours serve` on 127.0.0.1:port; answers the process and its bootstrap token."""
    server = subprocess.Popen([binary, "serve", "--data", data, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
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
    """SIGTERM, then wait for the process (it shuts down gracefully within seconds)."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        raise AssertionError("the server did not stop within 30 s of SIGTERM")


def seed_network(api, bootstrap_token, invite):
    """Over the API: the administrator, a network, an invitation for `invite`; answers its token."""
    profile = {"displayName": "Ada Admin", "profession": "Network lead", "organisation": "PeerHours",
               "careerStage": "senior", "languages": ["en"]}
    api.call("POST", "/auth/bootstrap", {"bootstrapToken": bootstrap_token, "email": "admin@example.org",
             "password": PASSWORD, "profile": profile}, expect=201)
    admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    network = api.call("POST", "/networks", {"slug": "gp-north", "name": "GPs North", "policy": {}},
                       token=admin, idempotent=True, expect=201)["networkID"]
    invitation = api.call("POST", f"/networks/{network}/invitations", {"email": invite},
                          token=admin, idempotent=True, expect=201)
    return invitation["token"]


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
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={size[0]},{size[1]}"]:
            options.add_argument(argument)
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
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
            lambda d: text in d.find_element("tag name", "h1").text,
            message=f"expected the heading {text!r}")

    def expect_text(self, text):
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=RETRIED).until(
            lambda d: text in d.find_element("tag name", "body").text, message=f"expected {text!r} on the page")

    def expect_element(self, element_id):
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=RETRIED).until(
            lambda d: d.find_elements("id", element_id), message=f"expected #{element_id}")

    def quit(self):
        self.driver.quit()
