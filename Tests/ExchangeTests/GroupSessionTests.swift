@testable import Exchange
import Foundation
import Ledger
import Testing

@Suite struct GroupSessionTests {
    // Proves the split shares sum exactly to the session's minutes and differ by at most one,
    // for awkward divisions (including more participants than minutes).
    @Test(arguments: [(60, 2), (100, 3), (61, 7), (240, 30), (15, 30), (17, 4)])
    func splitSharesSumExactly(minutes: Int, participants: Int) {
        let shares = GroupSessionChain.shares(minutes: Int64(minutes), participants: participants)
        #expect(shares.count == participants)
        #expect(shares.reduce(0, +) == Int64(minutes))
        #expect((shares.max() ?? 0) - (shares.min() ?? 0) <= 1)
    }

    // Proves a community-paid session credits the facilitator from the community account in
    // one transfer, leaving participants' balances alone, and that completing again is harmless.
    @Test func communityPaysTheFacilitator() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing", policy: NetworkPolicy(groupSessionPayment: .community))
        let facilitator = try await world.member("Fay", in: network)
        let participants = [try await world.member("Pat", in: network), try await world.member("Pia", in: network)]
        let session = try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
            networkID: network.id, title: "Debrief circle", scheduledStart: world.now.addingTimeInterval(3600),
            durationMinutes: 90, participantIDs: participants.map(\.memberID)))
        #expect(session.transferCount == 1)
        #expect(await refusal { _ = try await world.domain.groupSessions.complete(facilitator, session.id) }?.isInvalidState == true)
        #expect(await refusal { _ = try await world.domain.groupSessions.complete(participants[0], session.id) }?.isForbidden == true)
        try await world.joinAll(participants, session)
        world.advance(hours: 2)
        let community = try await world.communityPostedMinutes(network)
        let done = try await world.domain.groupSessions.complete(facilitator, session.id)
        #expect(done.status == .completed)
        #expect(try await world.domain.groupSessions.complete(facilitator, session.id) == done)
        #expect(try await world.minutes(facilitator, network) == [210, 0, 210])
        for participant in participants { #expect(try await world.minutes(participant, network) == [120, 0, 120]) }
        #expect(try await world.communityPostedMinutes(network) == community - 90)
        try await world.verifyLedger()
    }

    // Proves a split session debits each participant their share (34 + 33 + 33 = 100) as one
    // linked chain, and that when one participant's floor refuses, the whole chain is refused
    // with exceeds_floor, nobody's balance moves, and the session stays scheduled.
    @Test func splitIsOneLinkedChain() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("split-network", policy: NetworkPolicy(
            creditFloorMinutes: 0, welcomeGrantMinutes: 40, groupSessionPayment: .split))
        let facilitator = try await world.member("Fay", in: network)
        let participants = [try await world.member("Pat", in: network), try await world.member("Pia", in: network),
                            try await world.member("Poe", in: network)]
        let ids = participants.map(\.memberID)
        let start = world.now.addingTimeInterval(3600)
        let session = try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
            networkID: network.id, title: "Balint group", scheduledStart: start, durationMinutes: 100, participantIDs: ids))
        let tooLong = try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
            networkID: network.id, title: "Long Balint group", scheduledStart: start, durationMinutes: 150, participantIDs: ids))
        try await world.joinAll(participants, session)
        try await world.joinAll(participants, tooLong)
        world.advance(hours: 2)

        let sequence = try await world.journalSequence()
        let refused = await refusal { _ = try await world.domain.groupSessions.complete(facilitator, tooLong.id) }
        #expect(refused?.ledgerCode == .exceedsFloor)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.store.groupSession(tooLong.id)?.status == .scheduled)
        #expect(try await world.minutes(facilitator, network) == [40, 0, 40])

        _ = try await world.domain.groupSessions.complete(facilitator, session.id)
        #expect(try await world.minutes(facilitator, network) == [140, 0, 140])
        var paid: [Int64] = []
        for participant in participants { paid.append(40 - (try await world.balance(participant, network).postedMinutes)) }
        #expect(paid.sorted() == [33, 33, 34])
        #expect(paid.reduce(0, +) == 100)
        try await world.verifyLedger()
    }
}

extension World {
    /// Each participant joins the session they were invited to.
    func joinAll(_ participants: [Actor], _ session: GroupSession) async throws {
        for participant in participants { _ = try await domain.groupSessions.join(participant, session.id) }
    }
}
