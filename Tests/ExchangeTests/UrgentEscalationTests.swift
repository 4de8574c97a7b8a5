import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Outbox
import Testing

@Suite struct UrgentEscalationTests {
    static let monday0900 = Date(timeIntervalSince1970: 1_700_470_800)  // 2023-11-20T09:00:00Z (GMT)
    static let friday1600 = Date(timeIntervalSince1970: 1_700_841_600)  // 2023-11-24T16:00:00Z

    // Proves a request nobody acknowledges is raised after the network's working minutes (not a
    // second earlier) to every lead and the coordinators, once; a second run changes nothing;
    // an acknowledged request is never raised.
    @Test func escalatesOnceAfterFourWorkingHours() async throws {
        let world = try await World()
        defer { world.remove() }
        world.set(Self.monday0900)
        let u = try await world.urgentNetwork()
        let waiting = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft(note: "x"))
        let taken = try await world.domain.urgent.raise(u.bystander, networkID: u.network.id, UrgentRequestDraft())
        _ = try await world.domain.urgent.acknowledge(u.lead, id: taken.id)
        world.set(Self.monday0900.addingTimeInterval(240 * 60 - 1))
        let mark = try await world.outboxMark()
        #expect(try await world.domain.runDueWork().urgentEscalated == 0)
        world.set(Self.monday0900.addingTimeInterval(240 * 60))
        #expect(try await world.domain.runDueWork().urgentEscalated == 1)
        #expect(try await world.notices(after: mark) == sorted([
            NoticeRow(.urgentEscalated, u.lead), NoticeRow(.urgentEscalated, u.otherLead), NoticeRow(.urgentEscalated, u.coordinator),
        ]))
        #expect(try await world.store.urgentRequest(waiting.id)?.escalatedAt == world.now)
        #expect(try await world.store.urgentRequest(taken.id)?.escalatedAt == nil)
        world.advance(hours: 48)
        #expect(try await world.domain.runDueWork().urgentEscalated == 0)
        #expect(try await world.notices(after: mark).count == 3)
    }

    // Proves the weekend does not count and the network's own time holds: raised Friday 16:00
    // with 120 working minutes, it is not raised over the weekend, and is at Monday 10:00.
    @Test func weekendsDoNotCount() async throws {
        let world = try await World()
        defer { world.remove() }
        world.set(Self.friday1600)
        let u = try await world.urgentNetwork()
        try await world.domain.urgent.updateSettings(u.coordinator, networkID: u.network.id,
                                                     UrgentSettings(escalationWorkingMinutes: 120))
        _ = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft())
        world.set(Self.friday1600.addingTimeInterval(3 * 86_400 - 6 * 3600 - 60))  // Monday 09:59
        #expect(try await world.domain.runDueWork().urgentEscalated == 0)
        world.set(Self.friday1600.addingTimeInterval(3 * 86_400 - 6 * 3600))  // Monday 10:00
        #expect(try await world.domain.runDueWork().urgentEscalated == 1)
    }

    // Proves two due-work passes racing (two instances) escalate a request once: one pass's
    // compare-and-set wins, the other's loses and writes no notices.
    @Test func racingPassesEscalateOnce() async throws {
        let world = try await World()
        defer { world.remove() }
        world.set(Self.monday0900)
        let u = try await world.urgentNetwork()
        for member in [u.member, u.bystander] {
            _ = try await world.domain.urgent.raise(member, networkID: u.network.id, UrgentRequestDraft())
        }
        world.set(Self.monday0900.addingTimeInterval(5 * 3600))
        let mark = try await world.outboxMark()
        async let first = world.domain.urgent.escalateOverdue(now: world.now)
        async let second = world.domain.urgent.escalateOverdue(now: world.now)
        #expect(try await first + second == 2)
        #expect(try await world.notices(after: mark).count == 6)
    }

    // Proves who is no longer a lead cannot act: a removed lead, and a lead whose membership is
    // suspended, are told the request does not exist; a suspended member cannot ask.
    @Test func formerLeadsAndSuspendedMembers() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        let raised = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft())
        try await world.domain.urgent.removeLead(u.coordinator, networkID: u.network.id, memberID: u.lead.memberID)
        #expect(await refusal { _ = try await world.domain.urgent.acknowledge(u.lead, id: raised.id) }?.isNotFound == true)
        _ = try await world.domain.memberships.suspend(u.coordinator, memberID: u.otherLead.memberID, networkID: u.network.id)
        #expect(await refusal { _ = try await world.domain.urgent.request(u.otherLead, id: raised.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await world.domain.urgent.queue(u.otherLead, networkID: u.network.id, includeClosed: false) }?
            .isForbidden == true)
        _ = try await world.domain.memberships.suspend(u.coordinator, memberID: u.bystander.memberID, networkID: u.network.id)
        #expect(await refusal { _ = try await world.domain.urgent.raise(u.bystander, networkID: u.network.id, UrgentRequestDraft()) }?
            .isForbidden == true)
    }
}
