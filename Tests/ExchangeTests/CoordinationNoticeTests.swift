import Exchange
import Foundation
import Ledger
import Outbox
import Testing

/// Group sessions', memberships' and agreements' notices, each written with its change.
@Suite struct CoordinationNoticeTests {
    /// Proves joining tells the facilitator; cancelling tells every invited participant;
    /// completing tells every participant who joined, and the facilitator when a coordinator
    /// completed it.
    @Test func groupSessions() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north", policy: NetworkPolicy(groupSessionPayment: .community))
        let lead = try await world.member("Cora", in: network, role: .coordinator)
        let facilitator = try await world.member("Fay", in: network)
        let pat = try await world.member("Pat", in: network)
        let pia = try await world.member("Pia", in: network)
        func schedule() async throws -> GroupSession {
            try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
                networkID: network.id, title: "Debrief circle", scheduledStart: world.now.addingTimeInterval(3600),
                durationMinutes: 60, participantIDs: [pat.memberID, pia.memberID]))
        }
        let first = try await schedule()
        var mark = try await world.outboxMark()
        _ = try await world.domain.groupSessions.join(pat, first.id)
        _ = try await world.domain.groupSessions.join(pat, first.id)  // a repeat tells nobody
        #expect(try await world.notices(after: mark) == [NoticeRow(.groupSessionJoined, facilitator)])
        #expect(try await world.outbox(after: mark).first?.draft.facts[NoticeFacts.participantMemberID] == String(pat.memberID.rawValue))
        mark = try await world.outboxMark()
        _ = try await world.domain.groupSessions.cancel(facilitator, first.id)
        #expect(try await world.notices(after: mark) == sorted([
            NoticeRow(.groupSessionCancelled, pat), NoticeRow(.groupSessionCancelled, pia),
        ]))

        let second = try await schedule()
        _ = try await world.domain.groupSessions.join(pia, second.id)
        world.advance(hours: 2)
        mark = try await world.outboxMark()
        _ = try await world.domain.groupSessions.complete(lead, second.id)
        #expect(try await world.notices(after: mark) == sorted([
            NoticeRow(.groupSessionCompleted, pia), NoticeRow(.groupSessionCompleted, facilitator),
        ]))
        #expect(try await world.outbox(after: mark).allSatisfy { $0.draft.facts[OutboxDraft.pathFact] == "/groups/\(second.id.rawValue)" })
    }

    /// Proves an invitation tells the network's other active coordinators that a membership
    /// awaits approval (not the inviting coordinator), an approval tells the member, and a
    /// member accepting their own invitation tells nobody that they were approved.
    @Test func memberships() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north")
        let lead = try await world.member("Cora", in: network, role: .coordinator)
        let deputy = try await world.member("Dev", in: network, role: .coordinator)
        let newcomer = try await world.domain.members.createMember(world.admin, profile("Nell")).actor
        var mark = try await world.outboxMark()
        _ = try await world.domain.memberships.invite(lead, memberID: newcomer.memberID, networkID: network.id)
        #expect(try await world.notices(after: mark) == [NoticeRow(.membershipAwaitingApproval, deputy)])
        let facts = try #require(try await world.outbox(after: mark).first).draft.facts
        #expect(facts[NoticeFacts.memberID] == String(newcomer.memberID.rawValue))
        mark = try await world.outboxMark()
        _ = try await world.domain.memberships.approve(deputy, memberID: newcomer.memberID, networkID: network.id)
        #expect(try await world.notices(after: mark) == [NoticeRow(.membershipApproved, newcomer)])

        let selfJoiner = try await world.domain.members.createMember(world.admin, profile("Sid")).actor
        _ = try await world.domain.memberships.invite(world.admin, memberID: selfJoiner.memberID, networkID: network.id)
        mark = try await world.outboxMark()
        _ = try await world.domain.memberships.activate(selfJoiner, memberID: selfJoiner.memberID, networkID: network.id)
        #expect(try await world.notices(after: mark).isEmpty)
    }

    /// Proves a proposal tells the partner network's coordinators; an acceptance and an end tell
    /// both networks' coordinators except the one who acted, each linking their own network's page.
    @Test func agreements() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north")
        let south = try await world.network("south")
        let northLead = try await world.member("Nia", in: north, role: .coordinator)
        let northDeputy = try await world.member("Ned", in: north, role: .coordinator)
        let southLead = try await world.member("Sol", in: south, role: .coordinator)
        let agreements = world.domain.agreements
        var mark = try await world.outboxMark()
        let proposed = try await agreements.propose(northLead, from: north.id, to: south.id, AgreementTests.terms(world))
        #expect(try await world.notices(after: mark) == [NoticeRow(.agreementProposed, southLead)])
        let proposal = try #require(try await world.outbox(after: mark).first).draft
        #expect(proposal.facts[NoticeFacts.partnerNetworkID] == String(north.id.rawValue))
        #expect(proposal.facts[OutboxDraft.pathFact] == "/coordinate/networks/\(south.id.rawValue)/agreements/\(proposed.id.rawValue)")
        mark = try await world.outboxMark()
        _ = try await agreements.accept(southLead, proposed.id)
        #expect(try await world.notices(after: mark) == sorted([
            NoticeRow(.agreementAccepted, northLead), NoticeRow(.agreementAccepted, northDeputy),
        ]))
        mark = try await world.outboxMark()
        _ = try await agreements.suspend(northLead, proposed.id)
        #expect(try await world.notices(after: mark).isEmpty)
        _ = try await agreements.end(northLead, proposed.id)
        #expect(try await world.notices(after: mark) == sorted([
            NoticeRow(.agreementEnded, northDeputy), NoticeRow(.agreementEnded, southLead),
        ]))
    }
}
