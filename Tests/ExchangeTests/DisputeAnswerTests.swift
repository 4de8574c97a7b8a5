import Exchange
import Foundation
import Ledger
import Testing

@Suite struct DisputeAnswerTests {
    // Proves the other side of a dispute: only the party who did not dispute gives it, once
    // (the same words again are a repeat, other words refused), only while disputed; the parties
    // never read either text (they see only when it was given), the network's coordinators read
    // both, with when it was disputed.
    @Test func otherPartyGivesTheirSideOnce() async throws {
        let north = try await FollowUpTests.north()
        defer { north.world.remove() }
        let world = north.world, id = north.exchange.id
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.answerDispute(north.sol, id, reason: "Too early") }
        world.advance(hours: 26)
        _ = try await world.domain.exchanges.dispute(north.rae, id, reason: "Sol did not come")
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.answerDispute(north.rae, id, reason: "Me again") }
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.answerDispute(north.quinn, id, reason: "Not mine") }
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.answerDispute(north.sol, id, reason: "  ") }
        let answered = try await world.domain.exchanges.answerDispute(north.sol, id, reason: "I waited on video for 30 minutes")
        #expect(answered.disputeAnswer == nil && answered.disputeAnsweredAt != nil)
        let again = try await world.domain.exchanges.answerDispute(north.sol, id, reason: "I waited on video for 30 minutes")
        #expect(again.version == answered.version)
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.answerDispute(north.sol, id, reason: "Changed") }
        for party in [north.rae, north.sol] {
            let seen = try await world.domain.exchanges.exchange(party, id)
            #expect(seen.disputeReason == nil && seen.disputeAnswer == nil && seen.disputeAnsweredAt != nil)
        }
        let review = try await world.domain.exchanges.disputeForReview(north.lead, id, networkID: north.network.id)
        #expect(review.disputeReason == "Sol did not come" && review.disputeAnswer == "I waited on video for 30 minutes")
        #expect(review.disputedAt != nil)
        let trail = try await world.domain.audit.trail(north.lead, networkID: north.network.id)
        #expect(trail.items.contains { $0.action == .disputeViewed && $0.subjectID == id.rawValue })
        _ = try await world.domain.exchanges.resolve(north.lead, id, .void, reason: "Could not tell")
        let resolved = try await world.domain.exchanges.disputeForReview(north.lead, id, networkID: north.network.id)
        #expect(resolved.status == .cancelled && resolved.disputeAnswer == "I waited on video for 30 minutes")
    }

    // Proves the coordinators' list of disputes: by name, who disputed, whether the other side
    // is given, its age; gone once resolved; audited; a plain member refused, and the review of a
    // dispute refused to a member (403), to another network's coordinator and for an exchange
    // never disputed (404).
    @Test func disputesListedByNameAndRefused() async throws {
        let north = try await FollowUpTests.north()
        defer { north.world.remove() }
        let world = north.world, id = north.exchange.id, networkID = north.network.id
        #expect(try await world.domain.followUps.disputedExchanges(north.lead, networkID: networkID).items.isEmpty)
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.disputeForReview(north.lead, id, networkID: networkID) }
        world.advance(hours: 26)
        _ = try await world.domain.exchanges.dispute(north.rae, id, reason: "Sol did not come")
        world.advance(hours: 49)
        var page = try await world.domain.followUps.disputedExchanges(north.lead, networkID: networkID)
        var item = try #require(page.items.first)
        #expect(page.items.count == 1 && item.exchangeID == id && [item.requesterName, item.supporterName] == ["Rae", "Sol"])
        #expect(item.disputedByID == north.rae.memberID && item.disputedByName == "Rae" && !item.answered && item.ageDays == 2)
        _ = try await world.domain.exchanges.answerDispute(north.sol, id, reason: "I was there")
        page = try await world.domain.followUps.disputedExchanges(north.lead, networkID: networkID)
        item = try #require(page.items.first)
        #expect(item.answered)
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.followUps.disputedExchanges(north.rae, networkID: networkID) }
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.disputeForReview(north.quinn, id, networkID: networkID) }
        let south = try await world.network("south-wellbeing")
        let southLead = try await world.member("Sam", in: south, role: .coordinator)
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.disputeForReview(southLead, id, networkID: networkID) }
        await #expect(throws: ExchangeError.self) { _ = try await world.domain.exchanges.disputeForReview(southLead, id, networkID: south.id) }
        _ = try await world.domain.exchanges.resolve(north.lead, id, .post(minutes: 30), reason: "Half the time")
        #expect(try await world.domain.followUps.disputedExchanges(north.lead, networkID: networkID).items.isEmpty)
        let trail = try await world.domain.audit.trail(north.lead, networkID: networkID)
        #expect(trail.items.filter { $0.action == .followUpsViewed && $0.detail == "disputed-exchanges" }.count == 4)
    }

    // Proves a correction shows on both members' statements with its reason, and a coordinator
    // sees the movement between the two by member before correcting it.
    @Test func correctionReasonOnBothStatements() async throws {
        let north = try await FollowUpTests.north()
        defer { north.world.remove() }
        let world = north.world, id = north.exchange.id, networkID = north.network.id
        world.advance(hours: 26)
        for party in [north.rae, north.sol] { _ = try await world.domain.exchanges.confirm(party, id, minutesGiven: 60) }
        let paid = try #require(try await world.domain.accounts.statement(north.sol, memberID: north.sol.memberID, networkID: networkID)
            .items.last { $0.isCorrectable && $0.direction == .credit })
        let movement = try await world.domain.corrections.correctable(north.lead, networkID: networkID, transferID: paid.transferID)
        #expect(movement.debit == .member(north.rae.memberID) && movement.credit == .member(north.sol.memberID))
        #expect(movement.amountMinutes == 60)
        _ = try await world.domain.corrections.correct(north.lead, networkID: networkID,
                                                       CorrectionDraft(transferID: paid.transferID, minutes: 20, reason: "Ended early"))
        for party in [north.rae, north.sol] {
            let lines = try await world.domain.accounts.statement(party, memberID: party.memberID, networkID: networkID).items
            let correction = try #require(lines.last)
            #expect(correction.correctionReason == "Ended early" && correction.reversesTransferID == paid.transferID)
            #expect(!correction.isCorrectable && correction.amountMinutes == 20)
        }
        await #expect(throws: ExchangeError.self) {
            _ = try await world.domain.corrections.correctable(north.rae, networkID: networkID, transferID: paid.transferID)
        }
    }
}
