"""A coordinator's first morning on `serve --demo` (issue 19), run by scripts/web_journeys.py on
a server of its own (a new data directory, the machine's clock): the demo's North network has
months of history. Amara, its coordinator, signs in with the printed password; her network's
home shows the two people waiting for approval; she approves one (journey (b)), then finds her
by name in the members list, now active, and sorts the list by hours given; the report shows
the network's figures, none withheld for the whole network. Loopback only; stops its server.
"""
import tempfile

from peerhours_client import free_port
from web_support import Browser, stop
import e2e

WAITING = ["Orla Hughes", "Pavel Owusu"]


def demo_journey(binary, visited, javascript):
    with tempfile.TemporaryDirectory(prefix="peerhours-web-demo-") as data:
        port = free_port()
        server, _, printed = e2e.start_server(binary, data, port, extra=["--demo"])
        base = f"http://127.0.0.1:{port}"
        browser = Browser(javascript=javascript)
        try:
            password = next(line for line in printed if line.startswith("Demo data seeded")).rsplit(" ", 1)[1]
            browser.open(f"{base}/sign-in")
            browser.fill({"field-email": "amara@demo.peerhours.example", "field-password": password})
            browser.submit()
            browser.expect_heading("Hello")
            browser.open(f"{base}/account/networks")
            browser.driver.find_element("partial link text", "Coordinate North GP Wellbeing").click()
            browser.expect_text("2 members are waiting for approval.")
            for name in WAITING:
                browser.expect_text(name)
            visited(browser, "demo coordinator home")
            browser.driver.find_element("xpath", f"//button[contains(., 'Approve') and contains(., '{WAITING[0]}')]").click()
            browser.expect_text(f"{WAITING[0]} is now an active member of the network.")
            browser.expect_text("1 member is waiting for approval.")

            browser.driver.find_element("link text", "Members").click()
            browser.expect_text("Members of North GP Wellbeing")
            visited(browser, "demo members list")
            browser.fill({"field-q": WAITING[0].lower()})
            browser.driver.find_element("css selector", "main form button[type=submit]").click()
            browser.expect_text("1 member")
            row = browser.driver.find_element("css selector", "main tbody tr")
            assert WAITING[0] in row.text and "Active" in row.text, row.text
            visited(browser, "demo members found by name")
            browser.driver.find_element("css selector", "main tbody tr a").click()
            browser.expect_heading(WAITING[0])

            members = browser.driver.current_url.rsplit("/", 1)[0]
            browser.open(f"{members}?sort=given&order=desc")
            cells = browser.driver.find_elements("css selector", "main tbody tr:first-child td")
            assert cells[4].text not in ("", "None"), f"the top giver has given hours: {[c.text for c in cells]}"
            visited(browser, "demo members by hours given")

            browser.open(members.rsplit("/", 1)[0] + "/report")
            browser.expect_text("The whole network")
            browser.expect_text("totals are shown, because at least five members were active")
            visited(browser, "demo report")
        finally:
            browser.quit()
            stop(server)
