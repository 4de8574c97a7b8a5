import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

struct CorrectionWire: Decodable { var correctionID: Int64; var transferID: Int64; var minutes: Int64; var reason: String; var createdBy: Int64 }
struct CorrectionPageWire: Decodable { var items: [CorrectionWire] }
struct AuditEventWire: Decodable { var action: String; var actorID: Int64; var networkID: Int64; var subjectMemberID: Int64?; var detail: String? }
struct AuditPageWire: Decodable { var items: [AuditEventWire]; var nextCursor: String? }
struct CancelledWire: Decodable { var status: String; var cancellationReason: String? }

@Suite struct CoordinationAPITests {
    // Proves over HTTP: a coordinator corrects part of a settled exchange (201, balances back by
    // exactly the minutes), lists it, and the trail shows the correction and the coordinator
    // opening the GP's statement; a member (403), a coordinator of another network (404) and an
    // over-large correction (422 with the ledger's type) are refused with nothing changed; the
    // whole trail is the administrator's only (403 for a coordinator).
    @Test func correctionsAndTheTrail() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-gp")
        let supporter = try await fixture.member("Sol", in: north)
        let requester = try await fixture.member("Rae", in: north)
        let coordinator = try await fixture.member("Cy", in: north, role: .coordinator)
        let other = try await fixture.member("Oz", in: south, role: .coordinator)
        let offer = try await ExchangeHandlerTests.domainOffer(fixture, supporter, north)
        let proposed = try await fixture.domain.exchanges.propose(requester.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: Date(timeIntervalSince1970: TimeInterval(fixture.ledgerClock.nowNanoseconds() / 1_000_000_000 + 3600))))
        _ = try await fixture.domain.exchanges.accept(supporter.actor, proposed.id)
        fixture.ledgerClock.advance(seconds: 7200)
        _ = try await fixture.domain.exchanges.confirm(requester.actor, proposed.id, minutesGiven: 60)
        let settled = try await fixture.domain.exchanges.confirm(supporter.actor, proposed.id, minutesGiven: 60)

        try await fixture.application().test(.router) { client in
            let cy = try await client.logIn(coordinator)
            let rae = try await client.logIn(requester)
            let oz = try await client.logIn(other)
            let admin = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            let body = #"{"transferID":\#(settled.settleTransferID.rawValue),"minutes":15,"reason":"Finished 15 minutes early"}"#
            let path = "/networks/\(north.id.rawValue)/corrections"

            #expect(try await client.send(.post, path, json: body, token: rae, idempotencyKey: "m").status == .forbidden)
            #expect(try await client.send(.post, path, json: body, token: oz, idempotencyKey: "o").status == .notFound)
            let huge = try await client.send(.post, path, json: #"{"transferID":\#(settled.settleTransferID.rawValue),"minutes":61,"reason":"x"}"#,
                                             token: cy, idempotencyKey: "h")
            #expect(huge.status == .unprocessableContent)
            #expect(try huge.problem().type == "https://peerhours.example/problems/ledger/reversal_exceeds_original")
            #expect(try await fixture.minutes(requester, north) == [60, 0, 60])

            let created = try await client.send(.post, path, json: body, token: cy, idempotencyKey: "c")
            #expect(created.status == .created)
            let correction = try created.json(CorrectionWire.self)
            #expect(correction.minutes == 15 && correction.createdBy == coordinator.id.rawValue)
            #expect(try await fixture.minutes(requester, north) == [75, 0, 75])
            #expect(try await fixture.minutes(supporter, north) == [165, 0, 165])
            let listed = try await client.send(.get, path, token: cy).json(CorrectionPageWire.self)
            #expect(listed.items.map(\.correctionID) == [correction.correctionID])

            let statement = try await client.send(.get, "/networks/\(north.id.rawValue)/members/\(requester.id.rawValue)/statement", token: cy)
            #expect(statement.status == .ok)
            let trail = try await client.send(.get, "/networks/\(north.id.rawValue)/audit-events", token: cy).json(AuditPageWire.self)
            #expect(trail.items.map(\.action).suffix(2) == ["ledger.correction_made", "account.statement_viewed"])
            #expect(trail.items.last?.subjectMemberID == requester.id.rawValue)
            #expect(try await client.send(.get, "/networks/\(north.id.rawValue)/audit-events", token: rae).status == .forbidden)
            #expect(try await client.send(.get, "/networks/\(north.id.rawValue)/audit-events", token: oz).status == .notFound)
            #expect(try await client.send(.get, "/audit-events", token: cy).status == .forbidden)
            let all = try await client.send(.get, "/audit-events", token: admin).json(AuditPageWire.self)
            #expect(all.items.count == trail.items.count)
        }
    }

    // Proves suspension over HTTP cancels the suspended member's unconfirmed exchange with a
    // reason both parties read, and releases the reserved minutes.
    @Test func suspensionCancelsWithAReasonBothSee() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let supporter = try await fixture.member("Sol", in: north)
        let requester = try await fixture.member("Rae", in: north)
        let coordinator = try await fixture.member("Cy", in: north, role: .coordinator)
        let offer = try await ExchangeHandlerTests.domainOffer(fixture, supporter, north)
        let proposed = try await fixture.domain.exchanges.propose(requester.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: Date(timeIntervalSince1970: TimeInterval(fixture.ledgerClock.nowNanoseconds() / 1_000_000_000 + 3600))))
        _ = try await fixture.domain.exchanges.accept(supporter.actor, proposed.id)
        #expect(try await fixture.minutes(requester, north) == [120, 60, 60])

        try await fixture.application().test(.router) { client in
            let cy = try await client.logIn(coordinator)
            let suspended = try await client.send(
                .post, "/networks/\(north.id.rawValue)/memberships/\(supporter.id.rawValue)/suspend", token: cy, idempotencyKey: "s")
            #expect(suspended.status == .ok)
            for member in [requester, supporter] {
                let token = try await client.logIn(member)
                let seen = try await client.send(.get, "/exchanges/\(proposed.id.rawValue)", token: token).json(CancelledWire.self)
                #expect(seen.status == "cancelled" && seen.cancellationReason == ExchangeService.suspensionCancellationReason)
            }
        }
        #expect(try await fixture.minutes(requester, north) == [120, 0, 120])
    }

    // Proves every audit action the domain records has its value in the API's enum.
    @Test func everyAuditActionIsInTheSpec() {
        for action in AuditAction.allCases {
            #expect(Components.Schemas.AuditEvent.ActionPayload(rawValue: action.rawValue) != nil, "\(action.rawValue)")
        }
    }
}
