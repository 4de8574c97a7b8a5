"""Journey (b) of issue 18 in a real browser, by mouse or by keyboard alone (journey (f)): Sam
offers support; Amina asks for support, searches, reads the offer, asks Sam for a session; Sam
sees it on his home page and accepts; they exchange messages; the session's time passes (the
server's test clock); both confirm the time given, and both statements show it. Used by
web_journeys.py, which also runs axe on the pages these visit."""
import re

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.keys import Keys

from web_support import PASSWORD, Browser, advance_clock


class Mouse:
    """Clicks and types into elements found by id or text, as most people do."""

    def __init__(self, browser):
        self.browser, self.driver = browser, browser.driver

    def fill(self, element_id, text):
        element = self.driver.find_element("id", element_id)
        if element.get_attribute("type") != "time":  # a time field is typed into segment by segment
            element.clear()
        element.send_keys(text)

    def tick(self, element_id):
        self.driver.find_element("id", element_id).click()

    def choose(self, element_id):
        self.tick(element_id)

    def select(self, element_id, label):
        from selenium.webdriver.support.ui import Select
        Select(self.driver.find_element("id", element_id)).select_by_visible_text(label)

    def press(self, text):
        self.driver.find_element("xpath", f"//main//button[normalize-space()={quote(text)}]").click()

    def follow(self, text):
        self.driver.find_element("xpath", f"//a[starts-with(normalize-space(), {quote(text)})]").click()


class Keyboard(Mouse):
    """Only Tab, Shift+Tab, arrows, Space, Enter and typing: every control must be reachable
    and usable without a pointer (WCAG 2.1.1)."""

    def focus(self, description, matches):
        return self.browser.tab_to(description, matches, limit=150)

    def fill(self, element_id, text):
        element = self.focus(f"#{element_id}", lambda e: e.get_attribute("id") == element_id)
        if element.get_attribute("type") != "time" and element.get_attribute("value"):
            from selenium.webdriver.common.action_chains import ActionChains
            ActionChains(self.driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
        self.browser.keys(text)

    def tick(self, element_id):
        self.focus(f"#{element_id}", lambda e: e.get_attribute("id") == element_id)
        self.browser.keys(Keys.SPACE)

    def choose(self, element_id):
        """A radio group takes one Tab stop: arrows move (and select) within it."""
        name = self.driver.find_element("id", element_id).get_attribute("name")
        self.focus(f"the group {name}", lambda e: e.get_attribute("name") == name and e.get_attribute("type") == "radio")
        for _ in range(40):
            if self.driver.switch_to.active_element.get_attribute("id") == element_id:
                self.browser.keys(Keys.SPACE)
                return
            self.browser.keys(Keys.ARROW_DOWN)
        raise AssertionError(f"the arrows never reached #{element_id}")

    def select(self, element_id, label):
        self.focus(f"#{element_id}", lambda e: e.get_attribute("id") == element_id)
        # Typing an option's first letters selects it in a closed <select>.
        self.browser.keys(label)

    def press(self, text):
        self.focus(f"the button {text!r}", lambda e: e.tag_name == "button" and e.text.strip() == text)
        self.browser.keys(Keys.ENTER)

    def follow(self, text):
        self.focus(f"the link {text!r}", lambda e: e.tag_name == "a" and e.text.strip().startswith(text))
        self.browser.keys(Keys.ENTER)


def describe(label, browser):
    """What a browser shows, for the log of a failed run."""
    try:
        main = browser.driver.find_element("tag name", "main").text
    except WebDriverException:
        main = "(no main element)"
    print(f"--- the {label}'s browser at {browser.driver.current_url}:\n{main[:3000]}\n---")


def quote(text):
    return "'" + text + "'" if "'" not in text else '"' + text + '"'


def sign_in(browser, base, email):
    browser.open(f"{base}/sign-in")
    browser.fill({"field-email": email, "field-password": PASSWORD})
    browser.submit()
    browser.expect_heading("Hello")


def session_journey(base, requester, supporter, hands, visited, javascript=True):
    """`requester` and `supporter` are (email, display name) of two members of one network who
    have no offers or requests yet; `hands` is Mouse or Keyboard; `visited(browser, label)` is
    called on every page worth an accessibility scan."""
    (asker_email, asker_name), (giver_email, giver_name) = requester, supporter
    giver_browser, asker_browser = Browser(javascript=javascript), Browser(javascript=javascript)
    try:
        giver, asker = hands(giver_browser), hands(asker_browser)

        # The supporter offers peer support on weekday afternoons. (Typed times avoid hours that
        # start with 0 or 2: headless Chromium's time field drops some of those keystrokes.)
        sign_in(giver_browser, base, giver_email)
        giver_browser.open(f"{base}/support/offers/new")
        giver_browser.expect_heading("Offer support")
        visited(giver_browser, "new offer")
        giver.fill("field-title", "Peer support after hard shifts")
        giver.tick("field-kinds-peer_support")
        giver.fill("field-topics", "burnout, nights")
        for day in range(1, 6):
            giver.fill(f"field-availability-d{day}-from" if day > 1 else "field-availability", "1300")
            giver.fill(f"field-availability-d{day}-to", "1930")
        giver.tick("field-modes")  # video
        giver.fill("field-capacity", "4")
        giver.press("Publish your offer")
        giver_browser.expect_text("Peer support after hard shifts")
        visited(giver_browser, "offer")

        # The requester asks for support, with a private description.
        sign_in(asker_browser, base, asker_email)
        asker.follow("Your requests")
        asker_browser.expect_heading("Your requests")
        asker_browser.open(f"{base}/support/requests/new")
        asker_browser.expect_heading("Ask for support")
        asker.press("Send your request")  # a mistake first: nothing filled in
        asker_browser.expect_text("There is a problem")
        visited(asker_browser, "new request with mistakes")
        asker.choose("field-kind-peer_support")
        asker.fill("field-topics", "burnout")
        asker.choose("field-mode")
        asker.choose("field-duration-60")
        asker.fill("field-description", "Nights have worn me down; I would like to talk it through.")
        asker.press("Send your request")
        asker_browser.expect_text("Nights have worn me down")
        visited(asker_browser, "request")

        # Find support, read the offer, ask for a session.
        asker.follow("Find support")
        asker_browser.expect_heading("Find support")
        visited(asker_browser, "search")
        asker.follow(f"Ask {giver_name} for a session")
        asker_browser.expect_text(giver_name)
        if asker_browser.driver.find_elements("xpath", "//main//button[normalize-space()='Continue']"):
            visited(asker_browser, "propose: request and length")
            asker.press("Continue")
        asker_browser.expect_element("field-start")
        visited(asker_browser, "propose: time")
        asker.choose("field-start")
        asker.fill("field-message", "Video suits me best; I will be at home that afternoon.")
        asker.press("Send the request for a session")
        asker_browser.expect_text("Your request for a session has been sent.")
        session_url = asker_browser.driver.current_url.split("?")[0]
        visited(asker_browser, "session proposed")

        # The supporter sees it on the home page and accepts.
        giver_browser.open(f"{base}/")
        giver_browser.expect_text("Waiting for you to accept or decline")
        visited(giver_browser, "home with a proposal")
        giver.follow(f"Supporting {asker_name}")
        giver.press("Accept this session")
        giver_browser.expect_text("You accepted the session.")
        visited(giver_browser, "session accepted")

        # Messages between the two of them.
        giver.follow(f"Messages with {asker_name}")
        giver_browser.expect_heading(f"Messages with {asker_name}")
        giver_browser.expect_text("Video suits me best")  # the first message, sent with the proposal
        giver.fill("field-body", "Hello, I will send the video link the day before.")
        giver.press("Send message")
        giver_browser.expect_text("I will send the video link")
        asker_browser.open(f"{base}/")
        asker.follow(f"1 new message from {giver_name}")
        asker_browser.expect_text("I will send the video link")
        asker.fill("field-body", "Thank you, see you then.")
        asker.press("Send message")
        asker_browser.expect_text("Thank you, see you then.")

        # The session happens; both confirm the time given.
        advance_clock(base, 3 * 86400)
        for browser, hand, email in [(asker_browser, asker, asker_email), (giver_browser, giver, giver_email)]:
            sign_in(browser, base, email)  # three days on, the sessions of the morning have expired
            browser.open(session_url)
            browser.expect_element("field-minutesGiven")
            visited(browser, "session to confirm")
            hand.press("Confirm the time")
            browser.expect_text("You confirmed the time given.")
        asker_browser.open(session_url)
        asker_browser.expect_text("Completed: 1 h given")

        # Both statements show it, with the other person's name.
        for browser, hand, other in [(asker_browser, asker, giver_name), (giver_browser, giver, asker_name)]:
            browser.open(f"{base}/")
            hand.follow("Your statement")
            browser.expect_heading("Your statement")
            browser.expect_text(other)
            visited(browser, "statement")
        return session_url
    except Exception:
        for label, browser in [("supporter", giver_browser), ("requester", asker_browser)]:
            describe(label, browser)
        raise
    finally:
        giver_browser.quit()
        asker_browser.quit()
