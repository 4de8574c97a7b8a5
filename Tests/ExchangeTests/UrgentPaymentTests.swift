@testable import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Testing

@Suite struct UrgentPaymentTests {
    // Proves a close with held minutes pays the lead from the community account through the
    // member even when the member has nothing to spend (at their floor): the member's balance
    // ends where it was, the lead gains the minutes, the community account pays them; a
    // repeated close changes nothing; the ledger verifies.
    @Test func memberAtTheFloorStillGetsTheSessionPaid() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork(policy: NetworkPolicy(creditFloorMinutes: 0, welcomeGrantMinutes: 0))
        #expect(try await world.balance(u.member, u.network).availableMinutes - (try await world.balance(u.member, u.network).floorMinutes) == 0)
        let community = try await world.communityPostedMinutes(u.network)
        let raised = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft())
        _ = try await world.domain.urgent.acknowledge(u.lead, id: raised.id)
        let closed = try await world.domain.urgent.close(u.otherLead, id: raised.id, heldMinutes: 60)
        #expect(closed.status == .closed && closed.heldMinutes == 60 && closed.paymentTransferID != nil)
        #expect(try await world.minutes(u.member, u.network) == [0, 0, 0])
        #expect(try await world.minutes(u.lead, u.network) == [60, 0, 60])
        #expect(try await world.communityPostedMinutes(u.network) == community - 60)
        #expect(try await world.store.urgentRequestsAwaitingPayment(limit: 10).isEmpty)
        #expect(try await world.domain.urgent.close(u.lead, id: raised.id, heldMinutes: 60) == closed)
        #expect(try await world.minutes(u.lead, u.network) == [60, 0, 60])
        try await world.verifyLedger()
    }

    // Proves recovery when the process stopped after storing a close and before submitting its
    // payment: due work submits it once; run again, nothing moves twice. And when it stopped
    // after the ledger accepted but before the mark was cleared: due work finds the chain
    // there (exists) and pays nothing twice.
    @Test func storedPaymentIsResumedOnce() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork(policy: NetworkPolicy(welcomeGrantMinutes: 0))
        var stored: [UrgentRequest] = []
        for member in [u.member, u.bystander] {
            let raised = try await world.domain.urgent.raise(member, networkID: u.network.id, UrgentRequestDraft())
            var closing = try await world.domain.urgent.acknowledge(u.lead, id: raised.id)
            closing.status = .closed
            closing.closedAt = world.now
            closing.heldMinutes = 30
            stored.append(try await world.store.updateUrgentRequest(closing, audit: [], notices: [], at: world.now))
        }
        #expect(try await world.store.urgentRequestsAwaitingPayment(limit: 10).map(\.id) == stored.map(\.id))
        #expect(try await world.minutes(u.lead, u.network) == [0, 0, 0])
        // The second one's chain reached the ledger before the stop.
        let network = try #require(try await world.store.network(u.network.id))
        let bystander = try #require(try await world.store.membership(memberID: u.bystander.memberID, networkID: u.network.id))
        let lead = try #require(try await world.store.membership(memberID: u.lead.memberID, networkID: u.network.id))
        let chain = UrgentChain.commands(for: stored[1], community: network.communityAccountID,
                                         member: bystander.ledgerAccountID, lead: lead.ledgerAccountID)
        #expect(try await world.ledger.submit(chain).allSatisfy { $0.code.succeeded })

        #expect(try await world.domain.runDueWork().urgentPaymentsResumed == 2)
        #expect(try await world.minutes(u.lead, u.network) == [60, 0, 60])
        #expect(try await world.domain.runDueWork().urgentPaymentsResumed == 0)
        #expect(try await world.minutes(u.lead, u.network) == [60, 0, 60])
        #expect(try await world.minutes(u.member, u.network) == [0, 0, 0])
        try await world.verifyLedger()
    }

    // Proves a payment the ledger refuses (the lead's ceiling) moves nothing and reopens the
    // request unpaid, so the lead can close it again (with fewer minutes, or none).
    @Test func refusedPaymentReopensTheRequest() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork(policy: NetworkPolicy(ceilingMinutes: 150, welcomeGrantMinutes: 120))
        let raised = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft())
        _ = try await world.domain.urgent.acknowledge(u.lead, id: raised.id)
        let sequence = try await world.journalSequence()
        let refused = await refusal { _ = try await world.domain.urgent.close(u.lead, id: raised.id, heldMinutes: 60) }
        #expect(refused?.ledgerCode == .exceedsCeiling)
        #expect(try await world.journalSequence() == sequence)
        let reopened = try #require(try await world.store.urgentRequest(raised.id))
        #expect(reopened.status == .acknowledged && reopened.heldMinutes == nil && reopened.paymentTransferID == nil)
        #expect(try await world.store.urgentRequestsAwaitingPayment(limit: 10).isEmpty)
        let closed = try await world.domain.urgent.close(u.lead, id: raised.id, heldMinutes: 30)
        #expect(closed.status == .closed)
        #expect(try await world.minutes(u.lead, u.network) == [150, 0, 150])
        try await world.verifyLedger()
    }
}
