import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursWeb

@Suite struct GroupSessionPageTests {
    /// A split-payment network with a session Fay leads, Pat and Pia invited; Bo is in the
    /// network but not invited; Olu is in another network.
    struct Scene {
        let fixture: AppFixture
        let network: Network
        let fay: MemberID, pat: MemberID, pia: MemberID
        let session: GroupSession

        init() async throws {
            fixture = try await AppFixture.web()
            let admin = try await fixture.administrator()
            network = try await fixture.domain.networks.createNetwork(
                admin, NetworkDraft(slug: "north", name: "GPs North", policy: NetworkPolicy(groupSessionPayment: .split)))
            fay = MemberID(try await fixture.member("fay@example.org", displayName: "Fay Facilitator", in: network, by: admin))
            pat = MemberID(try await fixture.member("pat@example.org", displayName: "Pat Participant", in: network, by: admin))
            pia = MemberID(try await fixture.member("pia@example.org", displayName: "Pia Participant", in: network, by: admin))
            _ = try await fixture.member("bo@example.org", displayName: "Bo Bystander", in: network, by: admin)
            let south = try await fixture.network("south", by: admin)
            _ = try await fixture.member("olu@example.org", displayName: "Olu Outsider", in: south, by: admin)
            session = try await fixture.domain.groupSessions.createGroupSession(
                Actor(memberID: fay, isAdministrator: false),
                GroupSessionDraft(networkID: network.id, title: "Balint group <b>", scheduledStart: fixture.now.addingTimeInterval(3600),
                                  durationMinutes: 60, participantIDs: [pat, pia]))
        }

        var path: String { "/groups/\(session.id.rawValue)" }

        func signedIn(_ client: any TestClientProtocol, _ name: String) async throws -> Browser {
            var browser = Browser(client)
            try await browser.signIn("\(name)@example.org", AppFixture.password)
            return browser
        }

        func joined() async throws -> [MemberID] {
            try await fixture.domain.groupSessions.groupSession(Actor(memberID: fay, isAdministrator: false), session.id)
                .joinedParticipantIDs
        }
    }

    // Proves the list and the page for each person: an invited member sees the session (its
    // title escaped), who leads it and a Join button; the facilitator sees Cancel but no Join;
    // a member of the network who was not invited is refused (403) and has an empty list; a
    // member of another network is told it does not exist (404), as the API does.
    @Test func whoSeesWhat() async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            var pat = try await scene.signedIn(client, "pat")
            let list = try await pat.get("/groups")
            #expect(list.status == .ok)
            #expect(list.html.contains("Balint group &lt;b&gt;") && !list.html.contains("Balint group <b>"))
            #expect(list.html.contains("You are invited. 0 of 2 invited have joined."))
            let page = try await pat.get(scene.path)
            #expect(page.status == .ok)
            #expect(page.html.contains("Fay Facilitator") && page.html.contains("Pia Participant"))
            #expect(page.html.contains("Join this session") && !page.html.contains("Cancel this session"))
            #expect(page.html.contains("your share of its hours"))

            var fay = try await scene.signedIn(client, "fay")
            let facilitating = try await fay.get(scene.path)
            #expect(facilitating.html.contains("You lead this session") && facilitating.html.contains("Cancel this session"))
            #expect(!facilitating.html.contains("Join this session") && !facilitating.html.contains("Mark as held"))

            var bo = try await scene.signedIn(client, "bo")
            #expect(try await bo.get(scene.path).status == .forbidden)
            #expect(try await bo.get("/groups").html.contains("You have no group sessions"))
            var olu = try await scene.signedIn(client, "olu")
            #expect(try await olu.get(scene.path).status == .notFound)
            var nobody = Browser(client)
            #expect(try await nobody.get(scene.path).location == "/sign-in")
        }
    }

    // Proves the whole life of a session in the browser: Pat joins, leaves and joins again (each
    // confirmed in words); once it has started there is nothing left for Pat to do, and Fay marks
    // it as held, which pays Fay its 60 minutes from Pat, the only one who joined.
    @Test func joinLeaveAndMarkAsHeld() async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            var pat = try await scene.signedIn(client, "pat")
            for (action, confirmation) in [("join", "You have joined this session."), ("leave", "You have left this session."),
                                           ("join", "You have joined this session.")] {
                let csrf = try await pat.get(scene.path).csrfToken ?? ""
                let posted = try await pat.post(scene.path + "/" + action, [("csrf", csrf)])
                #expect(posted.status == .seeOther && posted.location == scene.path + "?done=" + action)
                #expect(try await pat.get(posted.location ?? "").html.contains(confirmation))
            }
            #expect(try await scene.joined() == [scene.pat])

            scene.fixture.ledgerClock.advance(seconds: 3700)
            let started = try await pat.get(scene.path)
            #expect(!started.html.contains("Join this session") && !started.html.contains("Leave this session"))
            var fay = try await scene.signedIn(client, "fay")
            let page = try await fay.get(scene.path)
            #expect(page.html.contains("Mark as held"))
            let held = try await fay.post(scene.path + "/complete", [("csrf", page.csrfToken ?? "")])
            #expect(held.status == .seeOther)
            #expect(try await fay.get(held.location ?? "").html.contains("The session is marked as held"))
        }
        let accounts = scene.fixture.domain.accounts
        let fayBalance = try await accounts.balance(Actor(memberID: scene.fay, isAdministrator: false), memberID: scene.fay,
                                                    networkID: scene.network.id)
        let patBalance = try await accounts.balance(Actor(memberID: scene.pat, isAdministrator: false), memberID: scene.pat,
                                                    networkID: scene.network.id)
        #expect(fayBalance.postedMinutes - patBalance.postedMinutes == 120)
    }

    // Proves an action the rules no longer allow (the session started while the page was open)
    // comes back as the page with why, status 409, and changes nothing; one by a member who was
    // not invited is refused as the domain refuses it.
    @Test func aStaleActionIsExplained() async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            var pat = try await scene.signedIn(client, "pat")
            let csrf = try await pat.get(scene.path).csrfToken ?? ""
            scene.fixture.ledgerClock.advance(seconds: 3700)
            let late = try await pat.post(scene.path + "/join", [("csrf", csrf)])
            #expect(late.status == .conflict)
            #expect(late.html.contains("The session has changed since you opened this page"))
            var bo = try await scene.signedIn(client, "bo")
            let boCSRF = try await bo.get("/groups").csrfToken ?? ""
            #expect(try await bo.post(scene.path + "/join", [("csrf", boCSRF)]).status == .forbidden)
        }
        #expect(try await scene.joined().isEmpty)
    }

    // Proves every action form needs its CSRF token and a session: without either it is a 403
    // page and nobody joins.
    @Test func actionsNeedTheFormToken() async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            var pat = try await scene.signedIn(client, "pat")
            for fields in [[(String, String)](), [("csrf", "")], [("csrf", FormProtection.csrfToken(forSecret: "guess"))]] {
                #expect(try await pat.post(scene.path + "/join", fields).status == .forbidden)
            }
            let csrf = try await pat.get(scene.path).csrfToken ?? ""
            #expect(try await pat.post(scene.path + "/join", [("csrf", csrf)], origin: "https://evil.example").status == .forbidden)
            var nobody = Browser(client)
            let formToken = try await nobody.get("/sign-in").csrfToken ?? ""
            #expect(try await nobody.post(scene.path + "/join", [("csrf", formToken)]).status == .forbidden)
        }
        #expect(try await scene.joined().isEmpty)
    }

    // Proves ids that are not a session's are the 404 page, never a 500.
    @Test(arguments: ["abc", "0", "-1", "99999", "1.5", "9223372036854775808"])
    func unknownIdsAreNotFound(id: String) async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            var pat = try await scene.signedIn(client, "pat")
            #expect(try await pat.get("/groups/\(id)").status == .notFound)
            let csrf = try await pat.get("/groups").csrfToken ?? ""
            #expect(try await pat.post("/groups/\(id)/join", [("csrf", csrf)]).status == .notFound)
        }
    }

    // Proves every word the pages build from a status, a payment, a standing or an action is in
    // the catalogue.
    @Test func wordsBuiltFromPartsExist() throws {
        let words = try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords
        var keys = GroupSessionStatus.allCases.map { "groupStatus_" + $0.rawValue }
        keys += GroupSessionPayment.allCases.map { "groupPayment_" + $0.rawValue }
        keys += GroupSessionAction.allCases.map { "groupDone_" + $0.rawValue }
        keys += ["facilitator", "joined", "invited", "coordinator"].map { "groupStanding_" + $0 }
        #expect(keys.filter { words.messages[$0] == nil } == [])
    }
}
