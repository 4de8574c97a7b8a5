import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

private struct MessageBody: Decodable, Equatable {
    var messageID: Int64; var exchangeID: Int64; var authorID: Int64; var authorDisplayName: String?
    var body: String; var postedAt: Date
}
private struct MessagePageBody: Decodable {
    var items: [MessageBody]; var nextCursor: String?; var lastReadMessageID: Int64?; var otherLastReadMessageID: Int64?
}
private struct ReadMarkerBody: Decodable { var lastReadMessageID: Int64 }
private struct FieldProblemBody: Decodable { var type: String; var errors: [Problem.FieldError]? }

@Suite struct ExchangeMessageAPITests {
    static let problems = "https://peerhours.example/problems/"

    /// An accepted exchange between Rita (requester) and Sam (supporter) of one network, whose
    /// coordinator is Cora and where Tess is a third member; answers the tokens and the id.
    private static func acceptedExchange(_ fixture: AppFixture, _ client: some TestClientProtocol) async throws
        -> (rita: String, sam: String, cora: String, tess: String, admin: String, exchangeID: Int64, networkID: Int64)
    {
        let network = try await fixture.network("leeds-gps")
        let supporter = try await fixture.member("Sam", in: network)
        let requester = try await fixture.member("Rita", in: network)
        _ = try await fixture.member("Cora", in: network, role: .coordinator)
        _ = try await fixture.member("Tess", in: network)
        let sam = try await client.logIn(supporter)
        let rita = try await client.logIn(requester)
        let offer = try await client.send(.post, "/offers", json: ExchangeHandlerTests.offerJSON(network.id), token: sam,
                                          idempotencyKey: "o1").json(OfferWire.self)
        let proposed = try await client.send(.post, "/exchanges", json: """
            {"offerID":\(offer.offerID),"scheduledStart":"\(fixture.instant(in: 86_400))","durationMinutes":60}
            """, token: rita, idempotencyKey: "p1").json(ExchangeWireBody.self)
        let accepted = try await client.send(.post, "/exchanges/\(proposed.exchangeID)/accept", token: sam, idempotencyKey: "a1")
        precondition(accepted.status == .ok, "accept: \(String(buffer: accepted.body))")
        return (rita, sam, try await client.logIn(email: "cora@example.nhs.uk", password: AppFixture.password),
                try await client.logIn(email: "tess@example.nhs.uk", password: AppFixture.password),
                try await client.logIn(email: "admin@example.org", password: AppFixture.password),
                proposed.exchangeID, network.id.rawValue)
    }

    // Proves the thread over HTTP: both parties post (201, with the author's id) and read it
    // oldest first with both names; a retry under the same Idempotency-Key replays the same
    // message and creates none, another body under it is 422 `idempotency-key-reused`, a POST
    // without a key is 400; the coordinator and a third member are 403, the administrator 404;
    // pages follow `limit` and `nextCursor`; marking read moves the caller's marker, shown to
    // the other party.
    @Test func thread() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let t = try await Self.acceptedExchange(fixture, client)
            let path = "/exchanges/\(t.exchangeID)/messages"
            let first = try await client.send(.post, path, json: #"{"body":"  Is Tuesday still good?  "}"#, token: t.rita,
                                              idempotencyKey: "m1")
            #expect(first.status == .created)
            let message = try first.json(MessageBody.self)
            #expect(message.body == "Is Tuesday still good?" && message.exchangeID == t.exchangeID)
            let replay = try await client.send(.post, path, json: #"{"body":"  Is Tuesday still good?  "}"#, token: t.rita,
                                               idempotencyKey: "m1")
            #expect(replay.status == .created && replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try replay.json(MessageBody.self) == message)
            let reused = try await client.send(.post, path, json: #"{"body":"something else"}"#, token: t.rita, idempotencyKey: "m1")
            #expect(reused.status == .unprocessableContent)
            #expect(try reused.problem().type == Self.problems + "idempotency-key-reused")
            #expect(try await client.send(.post, path, json: #"{"body":"no key"}"#, token: t.rita).status == .badRequest)
            for index in 0..<3 {
                let posted = try await client.send(.post, path, json: #"{"body":"reply \#(index)"}"#, token: t.sam,
                                                   idempotencyKey: "s\(index)")
                #expect(posted.status == .created)
            }

            let page = try await client.send(.get, path + "?limit=2", token: t.sam).json(MessagePageBody.self)
            #expect(page.items.map(\.body) == ["Is Tuesday still good?", "reply 0"])
            #expect(page.items.map(\.authorDisplayName) == ["Rita", "Sam"])
            let cursor = try #require(page.nextCursor)
            let rest = try await client.send(.get, path + "?limit=2&cursor=\(cursor)", token: t.rita).json(MessagePageBody.self)
            #expect(rest.items.map(\.body) == ["reply 1", "reply 2"] && rest.nextCursor == nil)

            for (token, status) in [(t.cora, HTTPResponse.Status.forbidden), (t.tess, .forbidden), (t.admin, .notFound)] {
                #expect(try await client.send(.get, path, token: token).status == status)
                #expect(try await client.send(.post, path, json: #"{"body":"hi"}"#, token: token, idempotencyKey: "x").status == status)
                #expect(try await client.send(.post, path + "/read", json: #"{"messageID":\#(message.messageID)}"#, token: token)
                    .status == status)
            }

            let last = try #require(rest.items.last)
            let marked = try await client.send(.post, path + "/read", json: #"{"messageID":\#(last.messageID)}"#, token: t.rita)
            #expect(marked.status == .ok)
            #expect(try marked.json(ReadMarkerBody.self).lastReadMessageID == last.messageID)
            let seen = try await client.send(.get, path, token: t.sam).json(MessagePageBody.self)
            #expect(seen.otherLastReadMessageID == last.messageID && seen.lastReadMessageID == nil)
            #expect(try await fixture.domain.messages.unreadCounts(Actor(memberID: MemberID(message.authorID))).isEmpty)
        }
    }

    // Proves the body's limits over HTTP are 400 problems naming `/body`: blank, over 2000
    // characters, a control character; and an unknown message to mark read names `/messageID`.
    @Test func limitsAreProblems() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let t = try await Self.acceptedExchange(fixture, client)
            let path = "/exchanges/\(t.exchangeID)/messages"
            let long = String(repeating: "a", count: 2001)
            for (index, body) in [#"   "#, long, #"bell\u0007"#].enumerated() {
                let refused = try await client.send(.post, path, json: #"{"body":"\#(body)"}"#, token: t.rita, idempotencyKey: "b\(index)")
                #expect(refused.status == .badRequest, "\(body.prefix(20))")
                let problem = try refused.json(FieldProblemBody.self)
                #expect(problem.errors?.map(\.pointer) == ["/body"], "\(body.prefix(20))")
            }
            let marked = try await client.send(.post, path + "/read", json: #"{"messageID":999}"#, token: t.rita)
            #expect(marked.status == .badRequest)
            #expect(try marked.json(FieldProblemBody.self).errors?.map(\.pointer) == ["/messageID"])
        }
    }

    // Proves a message's text appears in none of what a coordinator reads: the exchange, the
    // network's audit trail, the report and every CSV export.
    @Test func coordinatorsNeverSeeMessages() async throws {
        let fixture = try await AppFixture(ledger: .sqlite, administrator: true)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let t = try await Self.acceptedExchange(fixture, client)
            let secret = "SECRET-\(UUID().uuidString)"
            let posted = try await client.send(.post, "/exchanges/\(t.exchangeID)/messages", json: #"{"body":"\#(secret)"}"#,
                                               token: t.rita, idempotencyKey: "secret")
            #expect(posted.status == .created)
            var read = [
                "/exchanges/\(t.exchangeID)", "/networks/\(t.networkID)/audit-events", "/audit-events",
                "/networks/\(t.networkID)/reports",
            ]
            read += ReportTableName.allCases.map { "/networks/\(t.networkID)/exports/\($0.rawValue)" }
            for path in read {
                for token in [t.cora, t.admin] {
                    let response = try await client.send(.get, path, token: token)
                    let text = String(buffer: response.body)
                    #expect(!text.contains(secret) && !text.contains("SECRET"), "\(path)")
                }
            }
        }
    }

    // Proves the balance reads as a person expects: with 120 posted and 60 reserved for an
    // accepted session under a floor of −600, `availableMinutes` is 60 (posted − pending out)
    // and `spendableMinutes` 660 (available − floor).
    @Test func availableIsPostedLessReserved() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let t = try await Self.acceptedExchange(fixture, client)
            let balances = try await client.send(.get, "/me/balances", token: t.rita).json(BalancePageBody.self)
            #expect(balances.items.map(\.postedMinutes) == [120] && balances.items.map(\.pendingOutMinutes) == [60])
            #expect(balances.items.map(\.availableMinutes) == [60] && balances.items.map(\.spendableMinutes) == [660])
        }
    }
}
