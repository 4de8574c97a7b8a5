import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
@testable import PeerHoursWeb
import Testing

@Suite struct CoordinatorAgreementsPageTests {
    /// The propose form's fields, in order: north's coordinator proposes to south.
    static func form(_ csrf: String, _ world: CoordinatorWorld, key: String = "k", changing: [String: String] = [:],
                     kinds: [String] = ["peer_support", "coaching"]) -> [(String, String)] {
        let today = AgreementForm.dayText(world.fixture.domain.now())
        var fields: [(String, String)] = [("csrf", csrf), ("formKey", key), ("partner", String(world.south.id.rawValue))]
        fields += kinds.map { ("kinds[]", $0) }
        fields += [("ownHours", "10"), ("partnerHours", "5"), ("ownQuota", "4"), ("partnerQuota", ""), ("startsOn", today),
                   ("endsOn", AgreementForm.dayText(world.fixture.domain.now().addingTimeInterval(90 * 86_400)))]
        return fields.map { name, value in (name, changing[name] ?? value) }
    }

    /// North proposes to south through the domain (Nia), answered as the test needs.
    static func proposed(_ world: CoordinatorWorld) async throws -> Agreement {
        let now = world.fixture.domain.now()
        return try await world.fixture.domain.agreements.propose(
            Actor(memberID: MemberID(world.nia)), from: world.north.id, to: world.south.id,
            AgreementTerms(kinds: ["peer_support"], proposerMayReceiveMinutes: 600, partnerMayReceiveMinutes: 600,
                           startsOn: now, endsOn: now.addingTimeInterval(200 * 86_400)))
    }

    // Proves the two coordinators make an agreement in their browsers: the network home links to
    // the agreements; north's coordinator picks south from the form's select (every other network
    // by name), proposes (303 to the agreement's page, which says it waits for south, offers
    // only the withdrawal, and names the terms each way); south's coordinator finds it on their
    // list by north's name with Accept and Decline, accepts (303, a notice), and the agreement is
    // active and in both networks' trails; north's list then offers Suspend and End for good.
    @Test func proposeAndAccept() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let seen = try await browser.get(world.home)
            #expect(seen.html.contains(#"href="\#(world.agreements)""#))
            let form = try await browser.get(CoordinatorPaths.newAgreement(world.north.id))
            #expect(form.status == .ok && form.html.contains("<h1>Propose an agreement from Network north</h1>"))
            #expect(form.html.contains(#"<option value="\#(world.south.id.rawValue)">Network south</option>"#))
            #expect(!form.html.contains(#">Network north</option>"#))
            #expect(form.html.contains(#"name="kinds[]" type="checkbox" value="peer_support""#))
            let csrf = try #require(form.csrfToken)
            let key = try #require(PageResponse.firstMatch(#"name="formKey" value="([^"]*)""#, in: form.html))
            let sent = try await browser.post(CoordinatorPaths.newAgreement(world.north.id), Self.form(csrf, world, key: key))
            #expect(sent.status == .seeOther)
            let location = try #require(sent.location)
            #expect(location.hasPrefix(world.agreements + "/") && location.hasSuffix("?proposed=1"))
            let page = try await browser.get(location)
            #expect(page.html.contains("<h1>Agreement with Network south</h1>") && page.html.contains("Your proposal is sent."))
            #expect(page.html.contains("Proposed by you: waiting for Network south to accept or decline."))
            #expect(page.html.contains("<dt>Hours Network north&#39;s members may receive, net</dt><dd>10 h</dd>"))
            #expect(page.html.contains("<dt>Hours Network south&#39;s members may receive, net</dt><dd>5 h</dd>"))
            #expect(page.html.contains("<dd>4 a month</dd>") && page.html.contains("<dd>No limit</dd>"))
            #expect(page.html.contains("Peer support, Coaching") || page.html.contains("Coaching, Peer support"))
            #expect(page.html.contains("Withdraw the proposal to Network south") && !page.html.contains("Accept the agreement"))
            // A second submit of the same form makes nothing new.
            let again = try await browser.post(CoordinatorPaths.newAgreement(world.north.id), Self.form(csrf, world, key: key))
            #expect(again.status == .seeOther && again.location == location)
        }
        let agreement = try #require(try await world.fixture.domain.agreements.agreements(world.admin, networkID: world.north.id).items.first)
        #expect(try await world.fixture.domain.agreements.agreements(world.admin, networkID: world.north.id).items.count == 1)
        #expect(agreement.terms.proposerMayReceiveMinutes == 600 && agreement.terms.partnerMayReceiveMinutes == 300)
        #expect(agreement.terms.proposerMonthlySessionQuota == 4 && agreement.terms.partnerMonthlySessionQuota == nil)
        try await world.test(as: CoordinatorWorld.solEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let list = try await browser.get(CoordinatorPaths.agreements(world.south.id))
            #expect(list.status == .ok && list.html.contains(">Network north</a></h2>"))
            #expect(list.html.contains("Proposed by Network north: waiting for you to accept or decline."))
            let accept = CoordinatorPaths.agreementAction(world.south.id, agreement.id, .accept)
            #expect(list.html.contains(#"action="\#(accept)""#) && list.html.contains("Decline the agreement with Network north"))
            let done = try await browser.post(accept, [("csrf", list.csrfToken ?? "")])
            #expect(done.status == .seeOther && done.location == CoordinatorPaths.agreement(world.south.id, agreement.id) + "?done=accept")
            let page = try await browser.get(done.location ?? "")
            #expect(page.html.contains("You accepted the agreement.") && page.html.contains("In force"))
        }
        #expect(try await world.fixture.domain.agreements.agreement(world.admin, agreement.id).status == .active)
        for network in [world.north, world.south] {
            let trail = try await world.fixture.domain.audit.trail(world.admin, networkID: network.id, page: PageRequest(size: 100))
            #expect(trail.items.filter { $0.subjectID == agreement.id.rawValue }.map(\.action) == [.agreementProposed, .agreementAccepted])
        }
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let list = try await browser.get(world.agreements)
            #expect(list.html.contains("Suspend the agreement with Network south"))
            #expect(list.html.contains("End the agreement with Network south for good") && list.html.contains("Ending is final"))
        }
    }

    // Proves suspend, resume and end from the agreement's page, each a notice; a step the
    // agreement no longer allows (resume after the end) is explained on its page (409) and
    // changes nothing.
    @Test func suspendResumeEnd() async throws {
        let world = try await CoordinatorWorld.make()
        let agreement = try await Self.proposed(world)
        _ = try await world.fixture.domain.agreements.accept(Actor(memberID: MemberID(world.sol)), agreement.id)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = CoordinatorPaths.agreement(world.north.id, agreement.id)
            for (command, notice) in [(AgreementCommand.suspend, "You suspended the agreement."), (.resume, "You resumed the agreement."),
                                      (.end, "The agreement has ended.")] {
                let csrf = try await browser.get(page).csrfToken ?? ""
                let done = try await browser.post(CoordinatorPaths.agreementAction(world.north.id, agreement.id, command), [("csrf", csrf)])
                #expect(done.status == .seeOther, "\(command)")
                let seen = try await browser.get(done.location ?? "")
                #expect(seen.html.contains(notice), "\(command)")
            }
            let ended = try await browser.get(page)
            #expect(ended.html.contains("Ended.") && !ended.html.contains("Resume the agreement"))
            let late = try await browser.post(CoordinatorPaths.agreementAction(world.north.id, agreement.id, .resume),
                                              [("csrf", ended.csrfToken ?? "")])
            #expect(late.status == .conflict && late.html.contains("the agreement changed in the meantime"))
        }
        #expect(try await world.fixture.domain.agreements.agreement(world.admin, agreement.id).status == .ended)
    }

    // Proves each mistake is shown at its field (422, the title says Error, the summary links to
    // the field, the input kept), whether the form's own check or the domain's refusal finds it;
    // nothing is proposed.
    @Test(arguments: [
        ("partner", "", "Choose the partner network"), ("partner", "999999", "Choose the partner network"),
        ("partner", "<script>x</script>", "Choose the partner network"),
        ("kinds", "", "Choose at least one kind of support"), ("kinds", "astrology", "Choose at least one kind of support"),
        ("ownHours", "ten", "Enter hours as a number"), ("ownHours", "0", "Enter from 1 to 10000 hours"),
        ("partnerHours", "20000", "Enter from 1 to 10000 hours"),
        ("ownQuota", "lots", "Enter a whole number of sessions"), ("partnerQuota", "0", "Enter from 1 to 10000 sessions"),
        ("startsOn", "2027-02-30", "Enter a day as year-month-day"), ("endsOn", "tomorrow", "Enter a day as year-month-day"),
        ("endsOn", "2001-01-01", "Enter a last day on or after the first day"),
    ]) func mistakeAtItsField(_ field: String, _ value: String, _ message: String) async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let path = CoordinatorPaths.newAgreement(world.north.id)
            let csrf = try #require(try await browser.get(path).csrfToken)
            let kinds = field == "kinds" ? (value.isEmpty ? [] : [value]) : ["peer_support"]
            let page = try await browser.post(path, Self.form(csrf, world, changing: [field: value], kinds: kinds))
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("<title>Error:") && page.html.contains(message))
            #expect(page.html.contains(##"href="#field-\##(field)""##))
            #expect(!page.html.contains("<script>x"))
            if !["partner", "kinds"].contains(field) { #expect(page.html.contains(#"value="\#(value)""#)) }
        }
        #expect(try await world.fixture.domain.agreements.agreements(world.admin, networkID: world.north.id).items.isEmpty)
    }

    // Proves a second open agreement for the pair is refused at the partner's field (422), and
    // the domain's rule that only coordinators propose holds for an administrator too (403).
    @Test func secondOpenAgreementAndAdministrator() async throws {
        let world = try await CoordinatorWorld.make()
        _ = try await Self.proposed(world)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let path = CoordinatorPaths.newAgreement(world.north.id)
            let csrf = try #require(try await browser.get(path).csrfToken)
            let page = try await browser.post(path, Self.form(csrf, world))
            #expect(page.status == .unprocessableContent && page.html.contains("already has an open agreement with this network"))
        }
        try await world.test(as: AppFixture.adminEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let list = try await browser.get(world.agreements)
            #expect(list.status == .ok && list.html.contains("Network south") && !list.html.contains("Withdraw the proposal"))
            #expect(!list.html.contains("Propose an agreement</a>"))
            let seen = try await browser.get(CoordinatorPaths.newAgreement(world.north.id))
            #expect(seen.status == .forbidden)
        }
    }

    // Proves the positions page: each partner by name, the agreement's state, hours each way and
    // what may still be received and given — after a member of north was supported by a member
    // of south under the agreement — as a server-drawn SVG chart (role img, a title) and a table
    // with a caption and header cells; the directory lists every network with a link to propose
    // (none for the network itself), escaped.
    @Test func positionsAndDirectory() async throws {
        let world = try await CoordinatorWorld.make()
        let domain = world.fixture.domain
        let agreement = try await Self.proposed(world)
        _ = try await domain.agreements.accept(Actor(memberID: MemberID(world.sol)), agreement.id)
        _ = try await world.fixture.network("east", by: world.admin)
        _ = try await domain.networks.createNetwork(world.admin, NetworkDraft(slug: "west", name: "West <b>bold</b>"))
        var details = OfferDetails(
            title: "Peer support across the river", kinds: ["peer_support"], topics: ["burnout"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) },
            timeZone: "Europe/London", modes: [.video], area: nil, languages: ["en"], capacityHoursPerMonth: 4)
        details.visibility = .partners
        let sol = Actor(memberID: MemberID(world.sol)), rae = Actor(memberID: MemberID(world.rae))
        let offer = try await domain.offers.createOffer(sol, networkID: world.south.id, details)
        let request = try await domain.requests.createRequest(rae, networkID: world.north.id, RequestDetails(
            kind: "peer_support", topics: ["burnout"], preferredWindows: [], timeZone: "Europe/London", mode: .video,
            language: "en", durationMinutes: 90))
        let exchange = try await domain.exchanges.propose(rae, ExchangeProposal(
            offerID: offer.id, requestID: request.id, scheduledStart: domain.now().addingTimeInterval(86_400), durationMinutes: 90))
        _ = try await domain.exchanges.accept(sol, exchange.id)
        world.fixture.ledgerClock.advance(seconds: 2 * 86_400)
        _ = try await domain.exchanges.confirm(rae, exchange.id, minutesGiven: 90)
        _ = try await domain.exchanges.confirm(sol, exchange.id, minutesGiven: 90)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(CoordinatorPaths.positions(world.north.id))
            #expect(page.status == .ok && page.html.contains("<h1>Where Network north stands with its partners</h1>"))
            #expect(page.html.contains(#"<svg class="chart""#) && page.html.contains(#"role="img""#))
            #expect(page.html.contains("<caption>Network north&#39;s position with each partner</caption>"))
            #expect(page.html.contains(#"<th scope="row">Network south</th>"#))
            #expect(page.html.contains(">1 h 30 min<") && page.html.contains(">Active<") && page.html.contains(">8 h 30 min<"))
            let directory = try await browser.get(CoordinatorPaths.directory(world.north.id))
            #expect(directory.status == .ok && directory.html.contains("West &lt;b&gt;bold&lt;/b&gt;"))
            #expect(directory.html.contains(#"href="\#(CoordinatorPaths.newAgreement(world.north.id, partner: world.south.id))""#))
            #expect(directory.html.contains("Your network") && !directory.html.contains("Propose an agreement to Network north"))
            let chosen = try await browser.get(CoordinatorPaths.newAgreement(world.north.id, partner: world.south.id))
            #expect(chosen.html.contains(#"<option value="\#(world.south.id.rawValue)" selected>Network south</option>"#))
        }
        try await world.test(as: CoordinatorWorld.solEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(CoordinatorPaths.positions(world.south.id))
            #expect(page.html.contains(#"<th scope="row">Network north</th>"#) && page.html.contains(">−1 h 30 min<"))
        }
    }

    // Proves every agreements page and action is refused as the API refuses: a plain member of
    // north 403, the coordinator of another network 404 (north's pages, and the agreement through
    // their own network's path when it is not theirs), signed out a redirect to sign-in (a post
    // 403), and a post without its CSRF token 403; nothing changes.
    @Test func refusals() async throws {
        let world = try await CoordinatorWorld.make()
        let agreement = try await Self.proposed(world)
        let east = try await world.fixture.network("east", by: world.admin)
        let eve = try await world.fixture.member("eve@example.org", displayName: "Eve East", in: east, by: world.admin)
        _ = try await world.fixture.domain.memberships.appointCoordinator(world.admin, memberID: MemberID(eve), networkID: east.id)
        let pages = [world.agreements, CoordinatorPaths.newAgreement(world.north.id), CoordinatorPaths.agreement(world.north.id, agreement.id),
                     CoordinatorPaths.positions(world.north.id), CoordinatorPaths.directory(world.north.id)]
        let posts = [CoordinatorPaths.newAgreement(world.north.id)]
            + AgreementCommand.allCases.map { CoordinatorPaths.agreementAction(world.north.id, agreement.id, $0) }
        for (email, refusal) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), ("eve@example.org", .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                for path in pages {
                    let seen = try await browser.get(path)
                    #expect(seen.status == refusal, "\(email) \(path)")
                }
                let csrf = try #require(try await browser.get("/account/networks").csrfToken)
                for path in posts {
                    let seen = try await browser.post(path, Self.form(csrf, world))
                    #expect(seen.status == refusal, "\(email) \(path)")
                }
            }
        }
        try await world.test(as: "eve@example.org") { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let seen = try await browser.get(CoordinatorPaths.agreement(east.id, agreement.id))
            #expect(seen.status == .notFound)
        }
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let ended = try await browser.post(CoordinatorPaths.agreementAction(world.north.id, agreement.id, .end), [])
            #expect(ended.status == .forbidden)
            let proposed = try await browser.post(CoordinatorPaths.newAgreement(world.north.id), Array(Self.form("", world).dropFirst()))
            #expect(proposed.status == .forbidden)
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in pages {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location == "/sign-in", "\(path)")
            }
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            for path in posts {
                let seen = try await browser.post(path, Self.form(csrf, world))
                #expect(seen.status == .forbidden, "\(path)")
            }
        }
        let now = try await world.fixture.domain.agreements.agreements(world.admin, networkID: world.north.id).items
        #expect(now.count == 1 && now[0].status == .proposed)
    }

    // Proves hostile ids are 4xx pages, never a 500: an agreement id that is not a number, out of
    // range, of no agreement, or of an agreement between two other networks; an unknown action.
    @Test func hostileIDs() async throws {
        let world = try await CoordinatorWorld.make()
        let east = try await world.fixture.network("east", by: world.admin)
        let eve = try await world.fixture.member("eve@example.org", displayName: "Eve East", in: east, by: world.admin)
        _ = try await world.fixture.domain.memberships.appointCoordinator(world.admin, memberID: MemberID(eve), networkID: east.id)
        let now = world.fixture.domain.now()
        let theirs = try await world.fixture.domain.agreements.propose(
            Actor(memberID: MemberID(world.sol)), from: world.south.id, to: east.id,
            AgreementTerms(kinds: ["coaching"], proposerMayReceiveMinutes: 600, partnerMayReceiveMinutes: 600,
                           startsOn: now, endsOn: now.addingTimeInterval(30 * 86_400)))
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for id in ["abc", "-1", "0", "99999999999999999999", "424242", String(theirs.id.rawValue), "%3Cscript%3E"] {
                let status = try await browser.get(world.agreements + "/" + id).status
                #expect(status == .notFound, "\(id)")
            }
            let csrf = try await browser.get(world.agreements).csrfToken ?? ""
            let acted = try await browser.post(CoordinatorPaths.agreementAction(world.north.id, theirs.id, .decline), [("csrf", csrf)])
            #expect(acted.status == .notFound)
            let unknown = try await browser.post(world.agreements + "/\(theirs.id.rawValue)/explode", [("csrf", csrf)])
            #expect(unknown.status.code / 100 == 4)
            let badCursor = try await browser.get(world.agreements + "?cursor=%3Cx%3E")
            #expect(badCursor.status == .badRequest)
        }
        #expect(try await world.fixture.domain.agreements.agreement(world.admin, theirs.id).status == .proposed)
    }

    // Proves the form's own reading of days and quotas: real calendar days only, empty quota no limit.
    @Test func daysAndQuotas() {
        #expect(AgreementForm.day("2027-01-31") == Date(timeIntervalSince1970: 1_801_353_600))
        #expect(AgreementForm.dayText(Date(timeIntervalSince1970: 1_801_353_600)) == "2027-01-31")
        for bad in ["", "2027-1-31", "2027-02-29", "2027-13-01", "27-01-31", "2027/01/31", "１２３４-01-01", "2027-01-31T00:00"] {
            #expect(AgreementForm.day(bad) == nil, "\(bad)")
        }
        #expect(AgreementForm.quota("") == .some(nil) && AgreementForm.quota(" 12 ") == .some(12))
        #expect(AgreementForm.quota("-1") == nil && AgreementForm.quota("1.5") == nil && AgreementForm.quota("9999999") == nil)
    }
}

extension CoordinatorWorld {
    var agreements: String { CoordinatorPaths.agreements(north.id) }
}
