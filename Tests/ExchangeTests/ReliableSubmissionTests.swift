import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import LedgerSQLite
import TestSupport
import Testing

@Suite struct ReliableSubmissionTests {
    // Proves the settlement of two equal confirmations (the post stored with the second
    // confirmation, then sent) survives the store failing after the ledger's post: the exchange
    // is left with its action stored (accepted, both confirmations, the post to send), reading it
    // or retrying the confirmation finishes it — the ledger answers the resent post `exists`, so
    // the journal does not grow — and the final state — both confirmations, the settled minutes,
    // both balances — is as if nothing had failed.
    @Test func settlementRetryAfterADomainFailure() async throws {
        let temporary = try TemporaryDirectory(prefix: "peerhours-exchange-ledger")
        defer { temporary.remove() }
        let ledgerDirectory = temporary.path
        let world = try await World(ledgerStore: try await SQLiteLedgerStore.open(directory: ledgerDirectory), flaky: true)
        defer { world.remove() }
        let store = try #require(world.flaky)
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let exchange = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network))
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(gp, exchange.id, minutesGiven: 60)

        store.failNext(.exchange)
        await #expect(throws: FlakyStore.InjectedFailure.self) {
            _ = try await world.domain.exchanges.confirm(nurse, exchange.id, minutesGiven: 60)
        }
        let interrupted = try #require(try await world.store.exchange(exchange.id))
        #expect(interrupted.status == .accepted)
        #expect(interrupted.pendingAction == .post(minutes: 60))
        #expect(interrupted.supporterConfirmedMinutes == 60)
        #expect(try await world.ledger.store.resolution(ofPending: exchange.reserveTransferID)?.status == .posted)
        let sequence = try await world.journalSequence()

        world.clock.advance(seconds: 5)
        // Listing one's exchanges, and reading it, catch up too: nobody is shown it a step
        // behind the ledger.
        let listed = try await world.domain.exchanges.myExchanges(nurse).items
        #expect(listed.map(\.id) == [exchange.id])
        #expect(listed.first?.status == .completed)
        #expect(listed.first?.settledMinutes == 60)
        #expect(try await world.domain.exchanges.exchange(gp, exchange.id).status == .completed)
        let retried = try await world.domain.exchanges.confirm(nurse, exchange.id, minutesGiven: 60)
        #expect(retried.status == .completed)
        #expect(retried.settledMinutes == 60)
        #expect(retried.supporterConfirmedMinutes == 60)
        #expect(retried.requesterConfirmedMinutes == 60)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(gp, network) == [60, 0, 60])
        #expect(try await world.minutes(nurse, network) == [180, 0, 180])
        try await world.verifyLedger()
    }

    // Proves the same for acceptance, with due work as the catch-up: after the store failed
    // behind the ledger's reservation, the next run of due work (not waiting for a touch)
    // resends the stored reservation, which the ledger answers `exists`, and stores the exchange
    // accepted, with the ledger's deadline; the reservation is made once (the journal does not
    // grow) and the request is matched.
    @Test func acceptanceIsRecoveredByDueWork() async throws {
        let world = try await World(flaky: true)
        defer { world.remove() }
        let store = try #require(world.flaky)
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let request = try await world.request(gp, in: network)
        let proposed = try await world.propose(gp, offer: try await world.offer(nurse, in: network), request: request)
        store.failNext(.exchange)
        await #expect(throws: FlakyStore.InjectedFailure.self) { _ = try await world.domain.exchanges.accept(nurse, proposed.id) }
        #expect(try await world.store.exchange(proposed.id)?.status == .proposed)
        #expect(try await world.store.exchange(proposed.id)?.pendingAction != nil)
        let reservation = try #require(try await world.ledger.store.transfer(proposed.reserveTransferID))
        let sequence = try await world.journalSequence()

        world.clock.advance(seconds: 1)
        let report = try await world.domain.runDueWork()
        #expect(report.resumed == 1)
        let recovered = try #require(try await world.store.exchange(proposed.id))
        #expect(recovered.status == .accepted)
        let expiresAt = try #require(reservation.expiresAtNanoseconds)
        #expect(recovered.reserveDeadline == Date(timeIntervalSince1970: TimeInterval(expiresAt / LedgerTime.nanosecondsPerSecond)))
        #expect(try await world.store.request(request.id)?.status == .matched)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(gp, network) == [120, 60, 60])
        // Nothing is left to catch up with: the next run resumes nothing.
        #expect(try await world.domain.runDueWork().resumed == 0)
    }

    // Proves a reader of an exchange whose stored reservation the ledger refuses (the claim was
    // stored, then the requester's credit ran out) is shown the exchange as stored after the
    // refusal — proposed, with fresh transfer ids — not the refusal, which is the step's to tell.
    @Test func aReaderIsNotToldAnotherStepsRefusal() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing", policy: NetworkPolicy(creditFloorMinutes: 0, welcomeGrantMinutes: 60))
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let coach = try await world.member("Cole", in: network)
        let proposed = try await world.propose(gp, offer: try await world.offer(nurse, in: network), minutes: 60)
        let other = try await world.propose(gp, offer: try await world.offer(coach, in: network), minutes: 60)
        // The claim is stored (a step's first write)…
        var claimed = try #require(try await world.store.exchange(proposed.id))
        claimed.pendingAction = .reserve(timeoutSeconds: 86_400)
        claimed = try await world.store.updateExchange(claimed, requestStatus: nil)
        // …then the requester's 60 minutes are reserved by another exchange before it reaches the ledger.
        _ = try await world.domain.exchanges.accept(coach, other.id)
        #expect(try await world.minutes(gp, network) == [60, 60, 0])

        let read = try await world.domain.exchanges.exchange(gp, proposed.id)
        #expect(read.status == .proposed)
        #expect(read.pendingAction == nil)
        #expect(read.reserveTransferID != proposed.reserveTransferID)
        #expect(try await world.minutes(gp, network) == [60, 60, 0])
    }

    // Proves group-session completion and membership activation retry to the same outcome:
    // the facilitator is paid once, the welcome grant is paid once.
    @Test func groupSessionAndActivationRetries() async throws {
        let world = try await World(flaky: true)
        defer { world.remove() }
        let store = try #require(world.flaky)
        let network = try await world.network("north-wellbeing")
        let facilitator = try await world.member("Fay", in: network)
        let late = try await world.domain.members.createMember(world.admin, profile("Lee"))
        _ = try await world.domain.memberships.invite(world.admin, memberID: late.id, networkID: network.id)
        store.failNext(.membership)
        await #expect(throws: FlakyStore.InjectedFailure.self) {
            _ = try await world.domain.memberships.activate(late.actor, memberID: late.id, networkID: network.id)
        }
        #expect(try await world.domain.memberships.activate(late.actor, memberID: late.id, networkID: network.id).status == .active)
        #expect(try await world.minutes(late.actor, network) == [120, 0, 120])

        let attendees = [try await world.member("Pat", in: network), late.actor]
        let participants = attendees.map(\.memberID)
        let session = try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
            networkID: network.id, title: "Debrief", scheduledStart: world.now.addingTimeInterval(60),
            durationMinutes: 60, participantIDs: participants))
        try await world.joinAll(attendees, session)
        world.advance(hours: 1)
        store.failNext(.groupSession)
        await #expect(throws: FlakyStore.InjectedFailure.self) { _ = try await world.domain.groupSessions.complete(facilitator, session.id) }
        let sequence = try await world.journalSequence()
        #expect(try await world.domain.groupSessions.complete(facilitator, session.id).status == .completed)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(facilitator, network) == [180, 0, 180])
    }
}
