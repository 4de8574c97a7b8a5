@testable import Exchange
import Foundation
import Ledger
import Testing

/// Who may read a group session, and participants' consent: named participants are invited,
/// and only those who joined are charged (issue 16).
@Suite struct GroupSessionParticipationTests {
    struct Scene {
        let world: World
        let network: Network
        let facilitator: Actor
        let invited: [Actor]
        let coordinator: Actor
        let bystander: Actor
        let outsider: Actor
        let session: GroupSession

        init(payment: GroupSessionPayment = .split) async throws {
            world = try await World()
            network = try await world.network("split-network", policy: NetworkPolicy(groupSessionPayment: payment))
            facilitator = try await world.member("Fay", in: network)
            invited = [try await world.member("Pat", in: network), try await world.member("Pia", in: network)]
            coordinator = try await world.member("Cora", in: network, role: .coordinator)
            bystander = try await world.member("Bo", in: network)
            outsider = try await world.member("Olu", in: try await world.network("south-wellbeing"))
            session = try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
                networkID: network.id, title: "Balint group", scheduledStart: world.now.addingTimeInterval(3600),
                durationMinutes: 60, participantIDs: invited.map(\.memberID)))
        }
    }

    // Proves a session is read by its facilitator, its invited participants and the network's
    // coordinators; another member of the network is forbidden and an outsider told it does not exist.
    @Test func onlyItsPeopleReadASession() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let sessions = scene.world.domain.groupSessions
        for reader in [scene.facilitator, scene.invited[0], scene.invited[1], scene.coordinator] {
            #expect(try await sessions.groupSession(reader, scene.session.id).title == "Balint group")
        }
        #expect(await refusal { _ = try await sessions.groupSession(scene.bystander, scene.session.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await sessions.groupSession(scene.outsider, scene.session.id) }?.isNotFound == true)
    }

    // Proves a member's list holds the sessions they lead or were invited to, in order of start,
    // from 30 days back: not a bystander's, not one that started long ago; and a session's
    // people are named for its readers only.
    @Test func myGroupSessionsAndTheirPeople() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let sessions = scene.world.domain.groupSessions
        let earlier = try await sessions.createGroupSession(scene.facilitator, GroupSessionDraft(
            networkID: scene.network.id, title: "Earlier circle", scheduledStart: scene.world.now.addingTimeInterval(1800),
            durationMinutes: 45, participantIDs: [scene.invited[0].memberID, scene.coordinator.memberID]))
        #expect(try await sessions.myGroupSessions(scene.facilitator).map(\.id) == [earlier.id, scene.session.id])
        #expect(try await sessions.myGroupSessions(scene.invited[0]).map(\.id) == [earlier.id, scene.session.id])
        #expect(try await sessions.myGroupSessions(scene.invited[1]).map(\.id) == [scene.session.id])
        #expect(try await sessions.myGroupSessions(scene.coordinator).map(\.id) == [earlier.id])
        #expect(try await sessions.myGroupSessions(scene.bystander).isEmpty)
        scene.world.clock.advance(seconds: 31 * 86_400)
        #expect(try await sessions.myGroupSessions(scene.facilitator).isEmpty)
        #expect(try await sessions.myGroupSessions(scene.facilitator, pastDays: 40).count == 2)
        await #expect(throws: ExchangeError.self) { _ = try await sessions.myGroupSessions(scene.facilitator, pastDays: -1) }

        let names = try await sessions.people(scene.invited[1], scene.session.id)
        #expect(names[scene.facilitator.memberID] == "Fay" && names[scene.invited[0].memberID] == "Pat" && names.count == 3)
        #expect(await refusal { _ = try await sessions.people(scene.bystander, scene.session.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await sessions.people(scene.outsider, scene.session.id) }?.isNotFound == true)
    }

    // Proves with split payment a participant who never joined pays nothing: one of two invited
    // joins, the facilitator completes, and the whole 60 minutes come from the one who joined.
    @Test func onlyJoinedParticipantsPay() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let world = scene.world
        let joined = try await world.domain.groupSessions.join(scene.invited[0], scene.session.id)
        #expect(joined.joinedParticipantIDs == [scene.invited[0].memberID])
        world.advance(hours: 2)
        let done = try await world.domain.groupSessions.complete(scene.facilitator, scene.session.id)
        #expect(done.status == .completed)
        #expect(try await world.minutes(scene.facilitator, scene.network) == [180, 0, 180])
        #expect(try await world.minutes(scene.invited[0], scene.network) == [60, 0, 60])
        #expect(try await world.minutes(scene.invited[1], scene.network) == [120, 0, 120])
        try await world.verifyLedger()
    }

    // Proves a session nobody joined cannot be completed (nothing moves), whatever the payment.
    @Test(arguments: [GroupSessionPayment.split, .community])
    func nobodyJoinedCannotComplete(payment: GroupSessionPayment) async throws {
        let scene = try await Scene(payment: payment)
        defer { scene.world.remove() }
        scene.world.advance(hours: 2)
        let sequence = try await scene.world.journalSequence()
        let refused = await refusal { _ = try await scene.world.domain.groupSessions.complete(scene.facilitator, scene.session.id) }
        #expect(refused?.isInvalidState == true)
        #expect(try await scene.world.journalSequence() == sequence)
    }

    // Proves joining and leaving: joining twice answers the same session; a member not invited
    // may not join (another member forbidden, an outsider not found); a participant leaves before
    // the start (twice the same) and may join again; after the start neither joining nor leaving is possible.
    @Test func joinAndLeaveBeforeTheStart() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let sessions = scene.world.domain.groupSessions
        let pat = scene.invited[0]
        let once = try await sessions.join(pat, scene.session.id)
        #expect(try await sessions.join(pat, scene.session.id) == once)
        #expect(await refusal { _ = try await sessions.join(scene.bystander, scene.session.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await sessions.join(scene.outsider, scene.session.id) }?.isNotFound == true)
        let left = try await sessions.leave(pat, scene.session.id)
        #expect(left.joinedParticipantIDs.isEmpty)
        #expect(try await sessions.leave(pat, scene.session.id) == left)
        _ = try await sessions.join(pat, scene.session.id)
        scene.world.advance(hours: 2)
        #expect(await refusal { _ = try await sessions.leave(pat, scene.session.id) }?.isInvalidState == true)
        #expect(await refusal { _ = try await sessions.join(scene.invited[1], scene.session.id) }?.isInvalidState == true)
        #expect(try await scene.world.store.groupSession(scene.session.id)?.joinedParticipantIDs == [pat.memberID])
    }

    // Proves the pure rule: joining keeps the joined list sorted and within the invited.
    @Test func joinRuleKeepsTheListSorted() {
        var session = GroupSession(
            id: GroupSessionID(1), networkID: NetworkID(1), facilitatorID: MemberID(1), title: "Circle",
            scheduledStart: Date(timeIntervalSince1970: 1000), durationMinutes: 60, participantIDs: [MemberID(2), MemberID(3)],
            payment: .split, firstTransferID: TransferID(1), transferCount: 2, createdAt: Date(timeIntervalSince1970: 0))
        let now = Date(timeIntervalSince1970: 10)
        session = (try? GroupSessionRules.join(session, memberID: MemberID(3), now: now).get()) ?? session
        session = (try? GroupSessionRules.join(session, memberID: MemberID(2), now: now).get()) ?? session
        #expect(session.joinedParticipantIDs == [MemberID(2), MemberID(3)])
        #expect((try? GroupSessionRules.join(session, memberID: MemberID(4), now: now).get()) == nil)
    }
}
