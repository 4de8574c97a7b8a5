import Exchange
import Foundation
import Ledger
import Testing

@Suite struct CoordinatorToolsTests {
    /// A network with a coordinator, a GP and a nurse, and one completed 60-minute exchange
    /// (GP → nurse: 60 / 180 posted).
    struct Completed {
        let world: World
        let network: Network
        let lead: Actor
        let gp: Actor
        let nurse: Actor
        let exchange: PeerExchange
    }

    static func completed() async throws -> Completed {
        let world = try await World(flaky: true)
        let network = try await world.network("north-wellbeing")
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let accepted = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network))
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(gp, accepted.id, minutesGiven: 60)
        let done = try await world.domain.exchanges.confirm(nurse, accepted.id, minutesGiven: 60)
        #expect(done.status == .completed)
        return Completed(world: world, network: network, lead: lead, gp: gp, nurse: nurse, exchange: done)
    }

    // Proves a suspension cancels the member's exchanges nobody confirmed — the proposed one, and
    // the accepted one whose reservation is voided — with a reason both parties read; an
    // accepted exchange one party already confirmed runs on; a second suspension changes nothing
    // more; the trail records the suspension once.
    @Test func suspensionCancelsUnconfirmedExchanges() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let offer = try await world.offer(nurse, in: network, capacityHoursPerMonth: 4)
        let proposed = try await world.propose(gp, offer: offer)
        let accepted = try await world.acceptedExchange(gp, nurse, offer: offer)
        let confirmedOnce = try await world.acceptedExchange(gp, nurse, offer: offer)
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(nurse, confirmedOnce.id, minutesGiven: 60)
        #expect(try await world.minutes(gp, network) == [120, 120, 0])

        let suspended = try await world.domain.memberships.suspend(lead, memberID: nurse.memberID, networkID: network.id)
        #expect(suspended.status == .suspended)
        for id in [proposed.id, accepted.id] {
            for party in [gp, nurse] {
                let seen = try await world.domain.exchanges.exchange(party, id)
                #expect(seen.status == .cancelled)
                #expect(seen.cancellationReason == ExchangeService.suspensionCancellationReason)
            }
        }
        #expect(try await world.domain.exchanges.exchange(gp, confirmedOnce.id).status == .accepted)
        #expect(try await world.minutes(gp, network) == [120, 60, 60])

        _ = try await world.domain.memberships.suspend(lead, memberID: nurse.memberID, networkID: network.id)
        let trail = try await world.domain.audit.trail(lead, networkID: network.id).items
        #expect(trail.filter { $0.action == .membershipSuspended }.map(\.subjectMemberID) == [nurse.memberID])
        try await world.verifyLedger()
    }

    // Proves a correction reverses part of a posted transfer with its reason, who and when: the
    // balances move back by exactly the corrected minutes, the correction is listed and in the
    // trail; more than what is left (or the whole, once part is corrected) is refused with the
    // ledger's code and leaves no row; the rest can still be corrected, then nothing more.
    @Test func correctionReversesWithAReason() async throws {
        let setup = try await Self.completed()
        let world = setup.world
        defer { world.remove() }
        let corrections = world.domain.corrections
        let settle = setup.exchange.settleTransferID

        let partial = try await corrections.correct(
            setup.lead, networkID: setup.network.id, CorrectionDraft(transferID: settle, minutes: 20, reason: "Session ran 40 minutes"))
        #expect(partial.applied && partial.minutes == 20 && partial.createdByID == setup.lead.memberID)
        #expect(try await world.minutes(setup.gp, setup.network) == [80, 0, 80])
        #expect(try await world.minutes(setup.nurse, setup.network) == [160, 0, 160])
        let reversal = try #require(try await world.ledger.store.transfer(partial.reversalTransferID))
        #expect(reversal.command.reversesID == settle && reversal.command.code == .correction)

        let tooMuch = await refusal {
            _ = try await corrections.correct(setup.lead, networkID: setup.network.id, CorrectionDraft(transferID: settle, minutes: 41, reason: "x"))
        }
        #expect(tooMuch?.ledgerCode == .reversalExceedsOriginal)
        let whole = await refusal {
            _ = try await corrections.correct(setup.lead, networkID: setup.network.id, CorrectionDraft(transferID: settle, reason: "x"))
        }
        #expect(whole?.ledgerCode == .reversalExceedsOriginal)
        let rest = try await corrections.correct(setup.lead, networkID: setup.network.id, CorrectionDraft(transferID: settle, minutes: 40, reason: "Did not happen"))
        #expect(rest.minutes == 40)
        #expect(try await world.minutes(setup.gp, setup.network) == [120, 0, 120])
        let none = await refusal {
            _ = try await corrections.correct(setup.lead, networkID: setup.network.id, CorrectionDraft(transferID: settle, minutes: 1, reason: "x"))
        }
        #expect(none?.ledgerCode == .reversalExceedsOriginal)

        let listed = try await corrections.corrections(setup.lead, networkID: setup.network.id).items
        #expect(listed.map(\.minutes) == [20, 40] && listed.map(\.reason) == ["Session ran 40 minutes", "Did not happen"])
        let trail = try await world.domain.audit.trail(setup.lead, networkID: setup.network.id).items
        #expect(trail.filter { $0.action == .correctionMade }.map(\.subjectID) == listed.map(\.id.rawValue))
        try await world.verifyLedger()
    }

    // Proves who may correct: a member (forbidden), a coordinator of another network
    // (not found), a coordinator on a transfer to or from their own account (forbidden), a
    // transfer of another network named under this one (not found), an empty reason
    // (validation); nothing moves.
    @Test func correctionRefusals() async throws {
        let setup = try await Self.completed()
        let world = setup.world
        defer { world.remove() }
        let south = try await world.network("south-wellbeing")
        let southLead = try await world.member("Sol", in: south, role: .coordinator)
        let settle = setup.exchange.settleTransferID
        let draft = CorrectionDraft(transferID: settle, minutes: 10, reason: "Mistake")
        let corrections = world.domain.corrections

        #expect(await refusal { _ = try await corrections.correct(setup.gp, networkID: setup.network.id, draft) }?.isForbidden == true)
        #expect(await refusal { _ = try await corrections.correct(southLead, networkID: setup.network.id, draft) }?.isNotFound == true)
        #expect(await refusal { _ = try await corrections.correct(southLead, networkID: south.id, draft) }?.isNotFound == true)
        let blank = CorrectionDraft(transferID: settle, minutes: 10, reason: "")
        #expect(await refusal { _ = try await corrections.correct(setup.lead, networkID: setup.network.id, blank) }?.validationField == "reason")

        // The lead's own welcome grant is a transfer to their own account.
        let leadMembership = try #require(try await world.store.membership(memberID: setup.lead.memberID, networkID: setup.network.id))
        let own = CorrectionDraft(transferID: leadMembership.welcomeTransferID, reason: "Mine")
        #expect(await refusal { _ = try await corrections.correct(setup.lead, networkID: setup.network.id, own) }?.isForbidden == true)

        #expect(try await world.minutes(setup.gp, setup.network) == [60, 0, 60])
        #expect(try await corrections.corrections(setup.lead, networkID: setup.network.id).items.isEmpty)
    }

    // Proves a correction interrupted after the ledger accepted it (the row not yet marked, as a
    // crash would leave it) is completed by the same request again — not reversed twice.
    @Test func interruptedCorrectionIsCompletedOnce() async throws {
        let setup = try await Self.completed()
        let world = setup.world
        defer { world.remove() }
        let store = try #require(world.flaky)
        let draft = CorrectionDraft(transferID: setup.exchange.settleTransferID, minutes: 30, reason: "Half the session")

        store.failNext(.correction)
        await #expect(throws: FlakyStore.InjectedFailure.self) {
            _ = try await world.domain.corrections.correct(setup.lead, networkID: setup.network.id, draft)
        }
        #expect(try await world.minutes(setup.gp, setup.network) == [90, 0, 90])
        let sequence = try await world.journalSequence()
        let retried = try await world.domain.corrections.correct(setup.lead, networkID: setup.network.id, draft)
        #expect(retried.applied)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(setup.gp, setup.network) == [90, 0, 90])
        #expect(try await world.domain.corrections.corrections(setup.lead, networkID: setup.network.id).items.count == 1)
    }

    // Proves the trail records a coordinator opening a member's statement and balance (not a
    // member opening their own), an administrator's role change and a policy update; coordinators read their own
    // network's trail only, members none, administrators any and the whole.
    @Test func auditTrailRecordsAndRestricts() async throws {
        let setup = try await Self.completed()
        let world = setup.world
        defer { world.remove() }
        let south = try await world.network("south-wellbeing")
        let southLead = try await world.member("Sol", in: south)
        _ = try await world.domain.memberships.setRole(world.admin, memberID: southLead.memberID, networkID: south.id, role: .coordinator)
        let accounts = world.domain.accounts
        _ = try await accounts.statement(setup.gp, memberID: setup.gp.memberID, networkID: setup.network.id)
        _ = try await accounts.statement(setup.lead, memberID: setup.gp.memberID, networkID: setup.network.id)
        _ = try await accounts.balance(setup.lead, memberID: setup.nurse.memberID, networkID: setup.network.id)
        _ = try await world.domain.networks.updatePolicy(setup.lead, setup.network.id, setup.network.policy)

        let trail = try await world.domain.audit.trail(setup.lead, networkID: setup.network.id).items
        let views = trail.filter { [.statementViewed, .balanceViewed].contains($0.action) }
        #expect(views.map(\.action) == [.statementViewed, .balanceViewed])
        #expect(views.map(\.subjectMemberID) == [setup.gp.memberID, setup.nurse.memberID])
        #expect(views.allSatisfy { $0.actorID == setup.lead.memberID && $0.networkID == setup.network.id })
        #expect(trail.contains { $0.action == .policyUpdated })
        #expect(!trail.contains { $0.networkID != setup.network.id })
        let southTrail = try await world.domain.audit.trail(southLead, networkID: south.id).items
        #expect(southTrail.map(\.action) == [.roleChanged] && southTrail.first?.detail == "coordinator")
        #expect(southTrail.first?.actorID == world.admin.memberID && southTrail.first?.subjectMemberID == southLead.memberID)

        #expect(await refusal { _ = try await world.domain.audit.trail(setup.gp, networkID: setup.network.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await world.domain.audit.trail(southLead, networkID: setup.network.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await world.domain.audit.trail(setup.lead, networkID: nil) }?.isForbidden == true)
        let all = try await world.domain.audit.trail(world.admin, networkID: nil, page: PageRequest(size: 100)).items
        #expect(Set(all.map(\.networkID)) == [setup.network.id, south.id])
        #expect(all.map(\.id) == all.map(\.id).sorted())
    }
}
