import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import LedgerSQLite
import Testing

@Suite struct ReliableSubmissionTests {
    // Proves reliable submission for the settlement, on the SQLite ledger: the domain update
    // after the ledger's post fails (as a crash would); the exchange is left with its stored
    // action; the retry resubmits the same transfer id, the ledger answers exists (its journal
    // does not grow), and the final state and both balances are as if nothing had failed.
    @Test func settlementRetryAfterADomainFailure() async throws {
        let ledgerDirectory = NSTemporaryDirectory() + "peerhours-exchange-ledger-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: ledgerDirectory) }
        var flaky: FlakyStore?
        let world = try await World(ledgerStore: try await SQLiteLedgerStore.open(directory: ledgerDirectory)) { base in
            let store = FlakyStore(base)
            flaky = store
            return store
        }
        defer { world.remove() }
        let store = try #require(flaky)
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
        let interrupted = try #require(try await world.sqlite.exchange(exchange.id))
        #expect(interrupted.status == .accepted)
        #expect(interrupted.pendingAction == .post(minutes: 60))
        #expect(try await world.ledger.store.resolution(ofPending: exchange.reserveTransferID)?.status == .posted)
        let sequence = try await world.journalSequence()

        let retried = try await world.domain.exchanges.confirm(nurse, exchange.id, minutesGiven: 60)
        #expect(retried.status == .completed)
        #expect(retried.pendingAction == nil)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(gp, network) == [60, 0, 60])
        #expect(try await world.minutes(nurse, network) == [180, 0, 180])
        try await world.verifyLedger()
    }

    // Proves the same for acceptance, with runDueWork as the retry: the reservation is not
    // made twice and the exchange ends accepted with the minutes reserved once; and that due
    // work leaves a stored action alone until it is old enough to have been interrupted.
    @Test func acceptanceIsResumedByDueWork() async throws {
        var flaky: FlakyStore?
        let world = try await World { base in
            let store = FlakyStore(base)
            flaky = store
            return store
        }
        defer { world.remove() }
        let store = try #require(flaky)
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let proposed = try await world.propose(gp, offer: try await world.offer(nurse, in: network))
        store.failNext(.exchange)
        await #expect(throws: FlakyStore.InjectedFailure.self) { _ = try await world.domain.exchanges.accept(nurse, proposed.id) }
        #expect(try await world.sqlite.exchange(proposed.id)?.status == .proposed)
        let sequence = try await world.journalSequence()

        // Within a request's time the action may still be running there: left alone.
        world.clock.advance(seconds: Int64(ExchangeService.interruptedActionAgeSeconds) - 1)
        #expect(try await world.domain.runDueWork().resumed == 0)
        #expect(try await world.sqlite.exchange(proposed.id)?.status == .proposed)
        world.clock.advance(seconds: 1)
        let report = try await world.domain.runDueWork()
        #expect(report.resumed == 1)
        #expect(try await world.sqlite.exchange(proposed.id)?.status == .accepted)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(gp, network) == [120, 60, 60])
    }

    // Proves group-session completion and membership activation retry to the same outcome:
    // the facilitator is paid once, the welcome grant is paid once.
    @Test func groupSessionAndActivationRetries() async throws {
        var flaky: FlakyStore?
        let world = try await World { base in
            let store = FlakyStore(base)
            flaky = store
            return store
        }
        defer { world.remove() }
        let store = try #require(flaky)
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

        let participants = [try await world.member("Pat", in: network), late.actor].map(\.memberID)
        let session = try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
            networkID: network.id, title: "Debrief", scheduledStart: world.now.addingTimeInterval(60),
            durationMinutes: 60, participantIDs: participants))
        world.advance(hours: 1)
        store.failNext(.groupSession)
        await #expect(throws: FlakyStore.InjectedFailure.self) { _ = try await world.domain.groupSessions.complete(facilitator, session.id) }
        let sequence = try await world.journalSequence()
        #expect(try await world.domain.groupSessions.complete(facilitator, session.id).status == .completed)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(facilitator, network) == [180, 0, 180])
    }
}
