import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Testing

@Suite struct RestartRecoveryTests {
    /// A world whose exchange updates can be made to fail, as a stop between the ledger's commit
    /// and the store's would leave them.
    private static func flakyWorld() async throws -> (World, FlakyStore) {
        let world = try await World(flaky: true)
        return (world, try #require(world.flaky))
    }

    /// The process after a restart: a new domain on the same files, knowing nothing in memory.
    private static func restarted(_ world: World) -> ExchangeDomain {
        ExchangeDomain(store: world.store, ledger: world.ledger)
    }

    // Proves the start-up pass: after a "crash" behind an acceptance and behind a settlement
    // (the store failed after the ledger's commit; each action had been stored with its
    // exchange before it was sent), a new domain's pass resends both — the ledger answers
    // `exists`, the journal does not grow — and stores what the ledger did: accepted with the
    // ledger's deadline; completed with the second confirmation, at the time it was made. Every
    // other unsettled exchange is left as it was. A second pass finds nothing to do.
    @Test func startUpPassCatchesUpWithTheLedger() async throws {
        let (world, store) = try await Self.flakyWorld()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let offer = try await world.offer(nurse, in: network, capacityHoursPerMonth: 4)
        let untouchedProposal = try await world.propose(gp, offer: offer)
        let toSettle = try await world.acceptedExchange(gp, nurse, offer: offer)
        let untouchedAccepted = try await world.acceptedExchange(gp, nurse, offer: offer)
        let toAccept = try await world.propose(gp, offer: offer)
        store.failNext(.exchange)
        await #expect(throws: FlakyStore.InjectedFailure.self) { _ = try await world.domain.exchanges.accept(nurse, toAccept.id) }
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(nurse, toSettle.id, minutesGiven: 45)
        _ = try await world.domain.exchanges.confirm(gp, untouchedAccepted.id, minutesGiven: 60)
        let postedAt = world.now
        store.failNext(.exchange)
        await #expect(throws: FlakyStore.InjectedFailure.self) {
            _ = try await world.domain.exchanges.confirm(gp, toSettle.id, minutesGiven: 45)
        }
        var unchanged: [PeerExchange] = []
        for id in [untouchedProposal.id, untouchedAccepted.id] { unchanged.append(try #require(try await world.store.exchange(id))) }
        let sequence = try await world.journalSequence()

        world.clock.advance(seconds: 30)
        let report = try await Self.restarted(world).recoverUnrecordedActions()
        #expect(report.examined == 4)
        #expect(report.recovered == 0)
        #expect(report.resumed == 2)
        #expect(report.failed == 0)
        let accepted = try #require(try await world.store.exchange(toAccept.id))
        #expect(accepted.status == .accepted)
        #expect(accepted.reserveDeadline != nil)
        let settled = try #require(try await world.store.exchange(toSettle.id))
        #expect(settled.status == .completed)
        #expect(settled.settledMinutes == 45)
        #expect(settled.requesterConfirmedMinutes == 45)
        #expect(settled.requesterConfirmedAt == postedAt)
        #expect(settled.autoConfirmAt == nil)
        for exchange in unchanged { #expect(try await world.store.exchange(exchange.id) == exchange) }
        #expect(try await world.journalSequence() == sequence)
        // Grace: 120 welcome − 45 settled − 60 reserved twice (untouched accepted, recovered).
        #expect(try await world.minutes(gp, network) == [75, 120, -45])
        let again = try await Self.restarted(world).recoverUnrecordedActions()
        #expect(again.recovered + again.resumed == 0)
        try await world.verifyLedger()
    }

    // Proves an acceptance retried over data an earlier version left a step behind (it sent a
    // reservation before storing anything about it, and stopped): the retry's reservation has
    // another timeout, the ledger answers `exists_with_different_timeout`, and the exchange is
    // taken as accepted from the ledger — not refused, and not given fresh transfer ids that
    // would leave the first reservation holding the requester's minutes. The start-up pass
    // catches up the same state (`startUpPassCatchesUpWithALegacyReservation`).
    @Test func acceptanceRetriedAfterARestartFindsItsReservation() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let proposed = try await world.propose(gp, offer: try await world.offer(nurse, in: network))
        try await Self.reserveAsAnEarlierVersion(world, proposed, network: network)
        let sequence = try await world.journalSequence()

        world.clock.advance(seconds: 90)
        let retried = try await Self.restarted(world).exchanges.accept(nurse, proposed.id)
        #expect(retried.status == .accepted)
        #expect(retried.reserveTransferID == proposed.reserveTransferID)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(gp, network) == [120, 60, 60])
    }

    // Proves the start-up pass over a reservation an earlier version sent without storing it:
    // the proposed exchange is stored accepted, with the ledger's deadline, once.
    @Test func startUpPassCatchesUpWithALegacyReservation() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let proposed = try await world.propose(gp, offer: try await world.offer(nurse, in: network))
        try await Self.reserveAsAnEarlierVersion(world, proposed, network: network)
        let report = try await Self.restarted(world).recoverUnrecordedActions()
        #expect(report.recovered == 1)
        #expect(report.resumed == 0)
        let accepted = try #require(try await world.store.exchange(proposed.id))
        #expect(accepted.status == .accepted)
        let reservation = try #require(try await world.ledger.store.transfer(proposed.reserveTransferID))
        let expiresAt = try #require(reservation.expiresAtNanoseconds)
        #expect(accepted.reserveDeadline == Date(timeIntervalSince1970: TimeInterval(expiresAt / LedgerTime.nanosecondsPerSecond)))
        #expect(try await Self.restarted(world).recoverUnrecordedActions().recovered == 0)
        #expect(try await world.minutes(gp, network) == [120, 60, 60])
    }

    /// Sends the exchange's reservation straight to the ledger, as versions before the
    /// acceptance was stored first did, leaving the exchange proposed with nothing stored.
    private static func reserveAsAnEarlierVersion(_ world: World, _ exchange: PeerExchange, network: Network) async throws {
        let requester = try #require(try await world.store.membership(memberID: exchange.requesterID, networkID: network.id))
        let supporter = try #require(try await world.store.membership(memberID: exchange.supporterID, networkID: network.id))
        let results = try await world.ledger.submit([TransferCommand(
            id: exchange.reserveTransferID, networkID: network.id,
            kind: .pending(debit: requester.ledgerAccountID, credit: supporter.ledgerAccountID,
                           amountMinutes: exchange.durationMinutes, timeoutSeconds: 10 * 86_400),
            code: .exchange, reference: exchange.id.rawValue)])
        #expect(results.map(\.code) == [.created])
    }

    // Proves a stored action the previous process left (cancellation stores its void first) is
    // finished by the start-up pass at once.
    @Test func startUpPassFinishesAStoredAction() async throws {
        let (world, store) = try await Self.flakyWorld()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let exchange = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network))
        store.failNext(.exchange)
        await #expect(throws: FlakyStore.InjectedFailure.self) { _ = try await world.domain.exchanges.cancel(gp, exchange.id) }
        #expect(try await world.store.exchange(exchange.id)?.pendingAction == .void)

        let report = try await Self.restarted(world).recoverUnrecordedActions()
        #expect(report.resumed == 1)
        let cancelled = try #require(try await world.store.exchange(exchange.id))
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.pendingAction == nil)
        #expect(try await world.minutes(gp, network) == [120, 0, 120])
    }

    // Proves an acceptance and a cancellation sent together, 40 times, always end with the
    // exchange and the ledger agreeing — accepted with the reservation pending, or cancelled
    // with it voided or never made — and never with a 409 for a change that raced another (on
    // one instance they queue on the exchange's lock; across instances the store's
    // compare-and-set decides, see TwoInstanceTests).
    @Test func acceptanceAndCancellationRacing() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing", policy: NetworkPolicy(creditFloorMinutes: -600))
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let offer = try await world.offer(nurse, in: network)
        for round in 0..<40 {
            let proposed = try await world.propose(gp, offer: offer)
            async let accepting: Result<PeerExchange, any Error> = await Result { try await world.domain.exchanges.accept(nurse, proposed.id) }
            async let cancelling: Result<PeerExchange, any Error> = await Result { try await world.domain.exchanges.cancel(gp, proposed.id) }
            let outcomes = await [accepting, cancelling]
            for case .failure(let error) in outcomes {
                // Cancel first: the acceptance finds it cancelled. Nothing else may fail.
                #expect((error as? ExchangeError)?.isInvalidState == true, "round \(round): \(error)")
            }
            let stored = try #require(try await world.store.exchange(proposed.id))
            let resolution = try await world.ledger.store.resolution(ofPending: proposed.reserveTransferID)
            let reserved = try await world.ledger.store.transfer(proposed.reserveTransferID) != nil
            #expect(stored.status == .cancelled, "round \(round): the cancellation always wins in the end")
            #expect(!reserved || resolution?.status == .voided, "round \(round): no reservation left behind")
        }
        #expect(try await world.minutes(gp, network) == [120, 0, 120])
    }
}

private extension Result where Failure == any Error {
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
