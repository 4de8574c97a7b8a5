import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Idempotency
import Identity
import Ledger
import Synchronization
import Testing
@testable import PeerHoursAPI

/// An Idempotency-Key store that never keeps a response: every request with a key runs as if
/// the process had stopped after the domain committed and before the response was stored — the
/// gap a SIGKILL between the two files leaves.
final class ResponseLosingIdempotencyStore: IdempotencyStore {
    private let completions = Mutex(0)
    var completionsLost: Int { completions.withLock { $0 } }

    func begin(memberID: Int64, keyHash: Data, requestHash: Data, at: Date, retentionSeconds: Int, inFlightLeaseSeconds: Int)
        async throws -> IdempotencyBegin { .started }
    func complete(memberID: Int64, keyHash: Data, requestHash: Data, response: StoredIdempotentResponse, at: Date) async throws {
        completions.withLock { $0 += 1 }
    }
    func abandon(memberID: Int64, keyHash: Data) async throws {}
    func deleteExpired(before: Date) async throws {}
    func probe() async throws {}
}

@Suite struct KeyedCreationReplayTests {
    /// Every weekday, all day: proposals at any time fall inside the offer's availability.
    static let everyDay = (1...7).map { #"{"weekday":\#($0),"startMinute":0,"endMinute":1440}"# }.joined(separator: ",")

    static func offerJSON(_ networkID: NetworkID) -> String {
        """
        {"networkID":\(networkID.rawValue),"title":"Peer support after night shifts","kinds":["peer_support"],
         "topics":["burnout"],"availability":[\(everyDay)],"timeZone":"Europe/London","modes":["video"],
         "languages":["en"],"capacityHoursPerMonth":20,"visibility":"network"}
        """
    }

    struct Scene {
        let fixture: AppFixture
        let network: Network
        let supporter: Member
        let requester: Member
        let coordinator: Member
        let lost = ResponseLosingIdempotencyStore()

        init() async throws {
            fixture = try await AppFixture(administrator: true)
            network = try await fixture.network("leeds-gps")
            supporter = try await fixture.member("Sam", in: network)
            requester = try await fixture.member("Rita", in: network)
            coordinator = try await fixture.member("Cora", in: network, role: .coordinator)
        }
    }

    /// Sends the same keyed request twice and answers both responses.
    static func twice(_ client: some TestClientProtocol, _ uri: String, json: String?, token: String, key: String)
        async throws -> (TestResponse, TestResponse)
    {
        let first = try await client.send(.post, uri, json: json, token: token, idempotencyKey: key)
        let second = try await client.send(.post, uri, json: json, token: token, idempotencyKey: key)
        return (first, second)
    }

    // Proves that a keyed POST /offers, /requests or /group-sessions whose stored response was
    // lost answers its retry with what the first attempt created (201, the same id), and that
    // exactly one offer, one request and one session exist afterwards. Without the record of the
    // key beside the row, each retry created a second one.
    @Test func offersRequestsAndGroupSessionsAreCreatedOnce() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        let fixture = scene.fixture
        try await fixture.application(idempotencyStore: scene.lost).test(.router) { client in
            let sam = try await client.logIn(scene.supporter)
            let rita = try await client.logIn(scene.requester)
            let offers = try await Self.twice(client, "/offers", json: Self.offerJSON(scene.network.id), token: sam, key: "o1")
            #expect(offers.0.status == .created && offers.1.status == .created)
            #expect(try offers.0.json(OfferWire.self).offerID == offers.1.json(OfferWire.self).offerID)
            #expect(try await fixture.domain.offers.myOffers(scene.supporter.actor).items.count == 1)

            let requestJSON = ExchangeHandlerTests.requestJSON(scene.network.id, description: "Struggling after nights")
            let requests = try await Self.twice(client, "/requests", json: requestJSON, token: rita, key: "r1")
            #expect(requests.0.status == .created && requests.1.status == .created)
            #expect(try requests.0.json(RequestWire.self).requestID == requests.1.json(RequestWire.self).requestID)
            #expect(try await fixture.domain.requests.myRequests(scene.requester.actor).items.count == 1)

            let sessionJSON = """
                {"networkID":\(scene.network.id.rawValue),"facilitatorID":\(scene.supporter.id.rawValue),"title":"Reflective practice circle",
                 "scheduledStart":"\(fixture.instant(in: 3_600))","durationMinutes":60,
                 "participantIDs":[\(scene.requester.id.rawValue),\(scene.coordinator.id.rawValue)]}
                """
            let sessions = try await Self.twice(client, "/group-sessions", json: sessionJSON, token: sam, key: "g1")
            #expect(sessions.0.status == .created && sessions.1.status == .created)
            let first = try sessions.0.json(GroupSessionWire.self).groupSessionID
            #expect(try sessions.1.json(GroupSessionWire.self).groupSessionID == first)
            await #expect(throws: ExchangeError.notFound("group session \(first + 1)")) {
                _ = try await fixture.domain.groupSessions.groupSession(scene.supporter.actor, GroupSessionID(first + 1))
            }
        }
        #expect(scene.lost.completionsLost == 6)
    }

    // Proves the case the crash test found: a proposal committed, its response lost, and the
    // retry arriving after the session's start — it answers the exchange proposed (201), not
    // 400 "must be in the future", and one exchange exists. The same key with another body is
    // refused as reused (422), and creates nothing.
    @Test func aProposalRetriedAfterItsStartAnswersTheExchange() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        let fixture = scene.fixture
        try await fixture.application(idempotencyStore: scene.lost).test(.router) { client in
            let sam = try await client.logIn(scene.supporter)
            let rita = try await client.logIn(scene.requester)
            let offer = try await client.send(.post, "/offers", json: Self.offerJSON(scene.network.id), token: sam, idempotencyKey: "o")
                .json(OfferWire.self)
            let body = #"{"offerID":\#(offer.offerID),"scheduledStart":"\#(fixture.instant(in: 600))","durationMinutes":60}"#
            let first = try await client.send(.post, "/exchanges", json: body, token: rita, idempotencyKey: "p1")
            #expect(first.status == .created)
            fixture.ledgerClock.advance(seconds: 3_600)
            let retry = try await client.send(.post, "/exchanges", json: body, token: rita, idempotencyKey: "p1")
            #expect(retry.status == .created)
            #expect(try retry.json(ExchangeWireBody.self).exchangeID == first.json(ExchangeWireBody.self).exchangeID)

            let other = #"{"offerID":\#(offer.offerID),"scheduledStart":"\#(fixture.instant(in: 7_200))","durationMinutes":60}"#
            let reused = try await client.send(.post, "/exchanges", json: other, token: rita, idempotencyKey: "p1")
            #expect(reused.status == .unprocessableContent)
            #expect(try reused.problem().type == "https://peerhours.example/problems/idempotency-key-reused")
            #expect(try await fixture.domain.exchanges.myExchanges(scene.requester.actor).items.count == 1)
        }
    }

    // Proves a coordinator's keyed correction, agreement proposal and matching run are each made
    // once when their responses are lost: the retry answers the same id, the requester's balance
    // moved by the correction's minutes once, and the partner network has one agreement.
    @Test func correctionsAgreementsAndRunsAreMadeOnce() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        let fixture = scene.fixture
        let south = try await fixture.network("south-nurses")
        _ = try await fixture.member("Sol", in: south, role: .coordinator)
        let offer = try await fixture.domain.offers.createOffer(
            scene.supporter.actor, networkID: scene.network.id,
            OfferDetails(title: "Peer support", kinds: ["peer_support"], topics: ["burnout"],
                         availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) },
                         timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 20,
                         visibility: .network))
        let proposed = try await fixture.domain.exchanges.propose(
            scene.requester.actor, ExchangeProposal(offerID: offer.id, scheduledStart: fixture.now.addingTimeInterval(3_600)))
        _ = try await fixture.domain.exchanges.accept(scene.supporter.actor, proposed.id)
        fixture.ledgerClock.advance(seconds: 7_200)
        _ = try await fixture.domain.exchanges.confirm(scene.requester.actor, proposed.id, minutesGiven: 60)
        let settled = try await fixture.domain.exchanges.confirm(scene.supporter.actor, proposed.id, minutesGiven: 60)

        try await fixture.application(idempotencyStore: scene.lost).test(.router) { client in
            let cora = try await client.logIn(scene.coordinator)
            let correction = #"{"transferID":\#(settled.settleTransferID.rawValue),"minutes":15,"reason":"Ended early"}"#
            let corrected = try await Self.twice(
                client, "/networks/\(scene.network.id.rawValue)/corrections", json: correction, token: cora, key: "c1")
            #expect(corrected.0.status == .created && corrected.1.status == .created)
            #expect(try corrected.0.json(CorrectionWire.self).correctionID == corrected.1.json(CorrectionWire.self).correctionID)
            #expect(try await fixture.minutes(scene.requester, scene.network) == [75, 0, 75])

            let terms = #"{"partnerNetworkID":\#(south.id.rawValue),"kinds":["peer_support"],"proposerMayReceiveHours":10,"partnerMayReceiveHours":10,"startsOn":"2026-01-01","endsOn":"2030-12-31"}"#
            let agreed = try await Self.twice(
                client, "/networks/\(scene.network.id.rawValue)/agreements", json: terms, token: cora, key: "a1")
            #expect(agreed.0.status == .created && agreed.1.status == .created)
            #expect(try agreed.0.json(AgreementWire.self).agreementID == agreed.1.json(AgreementWire.self).agreementID)

            let runs = try await Self.twice(
                client, "/networks/\(scene.network.id.rawValue)/matching-runs", json: nil, token: cora, key: "m1")
            #expect(runs.0.status == .created && runs.1.status == .created)
            #expect(try runs.0.json(RunWire.self).runID == runs.1.json(RunWire.self).runID)
        }
        #expect(try await fixture.domain.agreements.agreements(
            scene.coordinator.actor, networkID: scene.network.id).items.count == 1)
    }

    // Proves a keyed invitation whose response was lost is issued once: the retry answers the same
    // invitation under a new token (only hashes are stored, and the first token reached no one),
    // the first token no longer works and the second does.
    @Test func anInvitationIsIssuedOnceUnderTheLatestToken() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        let fixture = scene.fixture
        try await fixture.application(idempotencyStore: scene.lost).test(.router) { client in
            let admin = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            let path = "/networks/\(scene.network.id.rawValue)/invitations"
            let issued = try await Self.twice(client, path, json: #"{"email":"new.gp@example.nhs.uk"}"#, token: admin, key: "i1")
            #expect(issued.0.status == .created && issued.1.status == .created)
            let first = try issued.0.json(InvitationBody.self)
            let second = try issued.1.json(InvitationBody.self)
            #expect(first.invitationID == second.invitationID && first.token != second.token)
            await #expect(throws: IdentityError.invitationNotFound) {
                _ = try await fixture.identity.claimInvitation(token: first.token, password: "quiet-meadow-compass-77")
            }
            let claimed = try await fixture.identity.claimInvitation(token: second.token, password: "quiet-meadow-compass-77")
            #expect(claimed.invitation.id == first.invitationID)
            let reused = try await client.send(.post, path, json: #"{"email":"other@example.nhs.uk"}"#, token: admin, idempotencyKey: "i1")
            #expect(reused.status == .unprocessableContent)
        }
    }
}
