#!/usr/bin/env python3
"""Saves every page of the web app at 390×844 and 1280×800 into screenshots/ (ignored by git), to
look at before calling a page done. Runs a live `peerhours serve` on a fresh data directory
(loopback only) and stops it.

Usage: .venv-ui/bin/python scripts/screenshots.py PATH/TO/peerhours [OUTPUT-FOLDER]
"""
import datetime
import os
import sys
import tempfile
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerhours_client import API, free_port  # noqa: E402
from web_support import (SIZES, PASSWORD, Browser, start_server, stop, seed_network,  # noqa: E402
                         add_member, seed_session_between)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "screenshots")
    os.makedirs(output, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    saved = []
    with tempfile.TemporaryDirectory(prefix="peerhours-shots-") as data:
        server, bootstrap_token = start_server(binary, data, port)
        try:
            seeded = seed_network(API(base), bootstrap_token, invite="amina@example.org")
            seeded.mail = os.path.join(data, "mail")  # serve's default transport: .eml files there
            token = seeded.invitation
            browser = Browser()
            driver = browser.driver

            def shoot(name):
                for width, height in SIZES:
                    driver.set_window_size(width, height)
                    # The whole page, not only the first screen.
                    full = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, max(height, full))
                    path = os.path.join(output, f"{name}-{width}x{height}.png")
                    driver.save_screenshot(path)
                    saved.append(path)
                driver.set_window_size(*SIZES[0])

            try:
                browser.open(f"{base}/")
                shoot("01-sign-in")
                browser.fill({"field-email": "nobody@example.org", "field-password": "wrong-password-here"})
                browser.submit()
                shoot("02-sign-in-mistake")
                browser.open(f"{base}/join/{token}")
                shoot("03-join")
                browser.fill({"field-password": "short", "field-displayName": "Dr Amina Rahman"})
                browser.submit()
                shoot("04-join-mistakes")
                browser.fill({"field-password": PASSWORD, "field-profession": "GP",
                              "field-organisation": "Riverside Surgery", "field-languages": "en"})
                driver.find_element("id", "field-careerStage").click()
                browser.submit()
                browser.expect_heading("Hello")
                shoot("05-home")
                browser.open(f"{base}/account/password")
                shoot("06-password")
                browser.open(f"{base}/join/{token}")
                shoot("07-invitation-used")
                browser.open(f"{base}/no/such/page")
                shoot("08-not-found")

                # Amina's session with Sam, its messages, and a group session Sam leads.
                api = API(base)
                amina = api.call("POST", "/auth/login", {"email": "amina@example.org", "password": PASSWORD})["token"]
                amina_id = api.call("GET", "/members/me", token=amina)["memberID"]
                sam_id, sam = add_member(api, seeded, "sam@example.org", "Sam Shah", "Mental health nurse", "City Hospital")
                rita_id, rita = add_member(api, seeded, "rita@example.org", "Dr Rita Rao")
                exchange = seed_session_between(api, seeded, amina, sam)
                api.call("POST", f"/exchanges/{exchange}/messages",
                         {"body": "Hello Amina, I have sent a video link for Tuesday.\nSee you then."},
                         token=sam, idempotent=True, expect=201)
                browser.open(f"{base}/sessions/{exchange}/messages")
                shoot("09-messages")
                browser.submit()
                shoot("10-messages-mistake")
                start = api.call("GET", f"/exchanges/{exchange}", token=amina)["scheduledStart"]
                group = api.call("POST", "/group-sessions", {"networkID": seeded.network, "facilitatorID": sam_id,
                                 "title": "Reflective practice circle",
                                 "scheduledStart": start, "durationMinutes": 90, "participantIDs": [amina_id, rita_id]},
                                 token=sam, idempotent=True, expect=201)["groupSessionID"]
                browser.open(f"{base}/groups")
                shoot("11-group-sessions")
                browser.open(f"{base}/groups/{group}")
                shoot("12-group-session")

                # The member's other pages, as Amina: her session with Sam, his offer, a request of hers.
                offer = api.call("GET", f"/exchanges/{exchange}", token=amina)["offerID"]
                request = api.call("POST", "/requests", {"networkID": seeded.network, "kind": "peer_support",
                                   "topics": ["burnout"], "mode": "video", "language": "en", "durationMinutes": 60,
                                   "description": "Nights have worn me down."}, token=amina, idempotent=True,
                                   expect=201)["requestID"]
                for name, path in [("13-home-with-a-session", "/"), ("14-sessions", "/sessions"),
                                   ("15-session", f"/sessions/{exchange}"), ("16-search", "/search"),
                                   ("17-offer", f"/support/offers/{offer}"), ("18-new-offer", "/support/offers/new"),
                                   ("19-requests", "/support/requests"), ("20-request", f"/support/requests/{request}"),
                                   ("21-new-request", "/support/requests/new"),
                                   ("22-suggestions", f"/support/requests/{request}/suggestions?explain=1"),
                                   ("23-propose", f"/sessions/new?offer={offer}&request={request}"),
                                   ("24-statement", "/statement"), ("25-networks", "/account/networks"),
                                   ("26-settings", "/account/settings"), ("27-blocks", "/account/blocks")]:
                    browser.open(base + path)
                    shoot(name)

                # A coordinator's pages, as Sam once appointed: the networks page's way in, the
                # network's home, invitations (a pasted list with mixed outcomes), follow-ups.
                api.call("POST", f"/networks/{seeded.network}/coordinators", {"memberID": sam_id},
                         token=seeded.admin, idempotent=True, expect=201)
                browser.quit()
                browser = Browser()
                driver = browser.driver
                browser.open(f"{base}/sign-in")
                browser.fill({"field-email": "sam@example.org", "field-password": PASSWORD})
                browser.submit()
                coordinate = f"/coordinate/networks/{seeded.network}"
                for name, path in [("28-networks-coordinator", "/account/networks"), ("29-coordinate-home", coordinate),
                                   ("30-coordinate-invitations", f"{coordinate}/invitations"),
                                   ("32-coordinate-follow-ups", f"{coordinate}/follow-ups?days=1"),
                                   ("33-coordinate-report", f"{coordinate}/report"),
                                   ("34-coordinate-members", f"{coordinate}/members"),
                                   ("35-coordinate-settings", f"{coordinate}/settings"),
                                   ("36-coordinate-audit", f"{coordinate}/audit")]:
                    browser.open(base + path)
                    shoot(name)
                browser.open(f"{base}{coordinate}/invitations")
                browser.fill({"field-emails": "new.nurse@example.org, not-an-address\nrita@example.org\nnew.gp@example.org"})
                browser.submit()
                shoot("31-coordinate-invited")

                # Matching: Rita offers peer support too; a run started for review (one proposal
                # dropped), the runs list, and the propose-a-match page for Amina's request.
                rita = api.call("POST", "/auth/login", {"email": "rita@example.org", "password": PASSWORD})["token"]
                api.call("POST", "/offers", {"networkID": seeded.network, "title": "Listening after hard shifts",
                         "kinds": ["peer_support"], "topics": ["burnout", "sleep"],
                         "availability": [{"weekday": day, "startMinute": 8 * 60, "endMinute": 20 * 60} for day in range(1, 8)],
                         "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
                         "capacityHoursPerMonth": 4, "visibility": "network"}, token=rita, idempotent=True, expect=201)
                browser.open(f"{base}{coordinate}/matching")
                browser.submit()
                browser.expect_heading("Matching run of")
                shoot("38-coordinate-matching-run")
                browser.open(f"{base}{coordinate}/matching")
                shoot("37-coordinate-matching-runs")
                browser.open(f"{base}{coordinate}/matching/requests/{request}")
                shoot("39-coordinate-propose-match")
                # Disputes and corrections: Rita disputes her session with Tom, who gives his side;
                # Sam reads both; a correction of Rita's welcome hours, then the list.
                _, tom = add_member(api, seeded, "tom@example.org", "Tom Tran", "Physiotherapist", "City Hospital")
                disputed = seed_session_between(api, seeded, rita, tom)
                api.call("POST", f"/exchanges/{disputed}/dispute",
                         {"reason": "We agreed an hour but Tom had to leave after twenty minutes."}, token=rita)
                api.call("POST", f"/exchanges/{disputed}/dispute-answer",
                         {"reason": "Rita's call dropped twice; we spoke for about forty minutes in all."}, token=tom)
                browser.open(f"{base}{coordinate}/disputes")
                shoot("40-coordinate-disputes")
                browser.open(f"{base}{coordinate}/disputes/{disputed}")
                shoot("41-coordinate-dispute")
                welcome = [line for line in api.call("GET", f"/networks/{seeded.network}/members/{rita_id}/statement",
                                                     token=sam)["items"] if line["code"] == "welcome_grant"][0]["transferID"]
                browser.open(f"{base}{coordinate}/corrections/new?transfer={welcome}&member={rita_id}")
                shoot("42-coordinate-correction")
                browser.fill({"field-minutes": "30", "field-reason": "Welcome hours given twice by mistake"})
                browser.submit()
                browser.expect_text("The correction is made.")
                browser.open(f"{base}{coordinate}/corrections")
                shoot("43-coordinate-corrections")
                # Agreements (issue 19 item 10), as Sam: a partner network whose coordinator
                # accepted Sam's proposal, another to propose to; then an administrator's list.
                east = api.call("POST", "/networks", {"slug": "pharm-east", "name": "Pharmacists East", "policy": {}},
                                token=seeded.admin, idempotent=True, expect=201)["networkID"]
                api.call("POST", "/networks", {"slug": "midwives-west", "name": "Midwives West", "policy": {}},
                         token=seeded.admin, idempotent=True, expect=201)
                pia_id, pia = add_member(api, SimpleNamespace(admin=seeded.admin, network=east), "pia@example.org", "Pia Patel")
                api.call("POST", f"/networks/{east}/coordinators", {"memberID": pia_id},
                         token=seeded.admin, idempotent=True, expect=201)
                sam = api.call("POST", "/auth/login", {"email": "sam@example.org", "password": PASSWORD})["token"]
                today = datetime.date.today()
                agreement = api.call("POST", f"/networks/{seeded.network}/agreements", {
                    "partnerNetworkID": east, "kinds": ["peer_support", "coaching"], "proposerMayReceiveHours": 20,
                    "partnerMayReceiveHours": 10, "proposerMonthlySessionQuota": 8, "startsOn": today.isoformat(),
                    "endsOn": (today + datetime.timedelta(days=364)).isoformat()}, token=sam, idempotent=True, expect=201)
                api.call("POST", f"/agreements/{agreement['agreementID']}/accept", token=pia, idempotent=True)
                for name, path in [("44-coordinate-agreements", f"{coordinate}/agreements"),
                                   ("45-coordinate-propose-agreement", f"{coordinate}/agreements/new"),
                                   ("46-coordinate-positions", f"{coordinate}/positions"),
                                   ("47-coordinate-directory", f"{coordinate}/directory")]:
                    browser.open(base + path)
                    shoot(name)
                browser.open(f"{base}{coordinate}/agreements/new")
                browser.submit()
                shoot("45b-coordinate-propose-mistakes")
                browser.quit()
                browser = Browser()
                driver = browser.driver
                browser.open(f"{base}/sign-in")
                browser.fill({"field-email": "admin@example.org", "field-password": PASSWORD})
                browser.submit()
                for name, path in [("48-administer-networks", "/administer"), ("48b-administer-new", "/administer/networks/new"),
                                   ("48c-administer-network", f"/administer/networks/{east}")]:
                    browser.open(base + path)
                    shoot(name)
            finally:
                browser.quit()
        finally:
            stop(server)
    print("\n".join(saved))


if __name__ == "__main__":
    main()
