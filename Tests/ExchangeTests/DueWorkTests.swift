import Exchange
import Foundation
import Ledger
import Testing

@Suite struct DueWorkTests {
    // Proves auto-confirmation timing with a manual clock: one party confirms; one second
    // before the session end + autoConfirmDays nothing happens; at that instant runDueWork posts
    // that party's minutes and completes the exchange.
    @Test func autoConfirmsExactlyAfterTheDays() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing", policy: NetworkPolicy(autoConfirmDays: 3))
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let exchange = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network))
        world.clock.set(nanoseconds: Int64(exchange.scheduledEnd.timeIntervalSince1970) * LedgerTime.nanosecondsPerSecond)
        let confirmed = try await world.domain.exchanges.confirm(nurse, exchange.id, minutesGiven: 50)
        let due = try #require(confirmed.autoConfirmAt)
        #expect(due == exchange.scheduledEnd.addingTimeInterval(3 * 86_400))

        world.clock.set(nanoseconds: (Int64(due.timeIntervalSince1970) - 1) * LedgerTime.nanosecondsPerSecond)
        var early = DueWorkReport()
        early.reminders.pleaseConfirm = 1  // Grace has not confirmed the session that ended.
        #expect(try await world.domain.runDueWork() == early)
        #expect(try await world.store.exchange(exchange.id)?.status == .accepted)

        world.clock.advance(seconds: 1)
        let report = try await world.domain.runDueWork()
        #expect(report.autoConfirmed == 1)
        #expect(try await world.store.exchange(exchange.id)?.status == .completed)
        #expect(try await world.minutes(gp, network) == [70, 0, 70])
        #expect(try await world.minutes(nurse, network) == [170, 0, 170])
    }

    // Proves an accepted exchange nobody confirms expires in the ledger at its deadline (end +
    // autoConfirmDays + grace), never earlier; runDueWork then marks it expired, the reservation
    // is released and the request is open again.
    @Test func unresolvedReservationExpires() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing", policy: NetworkPolicy(autoConfirmDays: 1, graceMinutes: 60))
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let request = try await world.request(gp, in: network)
        let exchange = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network), request: request)
        let deadline = try #require(exchange.reserveDeadline)
        #expect(deadline == exchange.scheduledEnd.addingTimeInterval(86_400 + 3600))

        world.clock.set(nanoseconds: (Int64(deadline.timeIntervalSince1970) - 1) * LedgerTime.nanosecondsPerSecond)
        _ = try await world.domain.runDueWork()
        #expect(try await world.store.exchange(exchange.id)?.status == .accepted)
        #expect(try await world.minutes(gp, network) == [120, 60, 60])

        world.clock.advance(seconds: 2)
        let report = try await world.domain.runDueWork()
        #expect(report.expired == 1)
        #expect(try await world.store.exchange(exchange.id)?.status == .expired)
        #expect(try await world.minutes(gp, network) == [120, 0, 120])
        #expect(try await world.domain.requests.request(gp, request.id).status == .open)
        let late = await refusal { _ = try await world.domain.exchanges.confirm(gp, exchange.id, minutesGiven: 60) }
        #expect(late?.isInvalidState == true)
    }

    // Proves a floor refusal at acceptance surfaces as exceeds_floor: two proposals that each fit
    // the requester's credit, the first accepted, the second refused (checked before the ledger
    // is asked, which still enforces it), the exchange stays proposed with nothing reserved, and
    // once the requester has room again the same exchange is accepted.
    @Test func exceedsFloorSurfacesAndLeavesTheExchangeProposed() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("tight-network", policy: NetworkPolicy(creditFloorMinutes: -60, welcomeGrantMinutes: 30))
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let offer = try await world.offer(nurse, in: network)
        let first = try await world.propose(gp, offer: offer, minutes: 60)
        let second = try await world.propose(gp, offer: offer, minutes: 60)
        _ = try await world.domain.exchanges.accept(nurse, first.id)
        let refused = await refusal { _ = try await world.domain.exchanges.accept(nurse, second.id) }
        #expect(refused?.ledgerCode == .exceedsFloor)
        let stored = try #require(try await world.store.exchange(second.id))
        #expect(stored.status == .proposed)
        #expect(stored.pendingAction == nil)
        #expect(try await world.minutes(gp, network) == [30, 60, -30])

        _ = try await world.domain.exchanges.cancel(nurse, first.id)
        #expect(try await world.domain.exchanges.accept(nurse, second.id).status == .accepted)
        #expect(try await world.minutes(gp, network) == [30, 60, -30])
    }
}
