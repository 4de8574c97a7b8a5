import Exchange
import Foundation
import Ledger
import Testing

@Suite struct JoinByInvitationTests {
    // Proves joining by a verified invitation creates a non-administrator member, activates the
    // membership with exactly one welcome grant however often it is repeated, lets an existing
    // member join a second network, refuses a suspended membership (403), an unknown network
    // (404) and an invalid profile (validation naming the field) without creating anything.
    @Test func joinCreatesActivatesAndIsIdempotent() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-wellbeing", policy: NetworkPolicy(welcomeGrantMinutes: 90))
        let south = try await world.network("south-wellbeing")
        let memberships = world.domain.memberships

        let joined = try await memberships.joinByInvitation(memberID: nil, profile: profile("Nia"), networkID: north.id)
        #expect(joined.status == .active && joined.role == .member && joined.joinedAt != nil)
        let nia = Actor(memberID: joined.memberID)
        #expect(try await world.domain.members.member(nia, nia.memberID).isAdministrator == false)
        #expect(try await memberships.joinByInvitation(memberID: nia.memberID, profile: nil, networkID: north.id).status == .active)
        #expect(try await world.minutes(nia, north) == [90, 0, 90])

        #expect(try await memberships.joinByInvitation(memberID: nia.memberID, profile: nil, networkID: south.id).status == .active)
        #expect(try await memberships.memberships(nia, of: nia.memberID).map(\.networkID) == [north.id, south.id])

        _ = try await memberships.suspend(world.admin, memberID: nia.memberID, networkID: north.id)
        #expect(await refusal { _ = try await memberships.joinByInvitation(memberID: nia.memberID, profile: nil, networkID: north.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await memberships.joinByInvitation(memberID: nil, profile: profile("Ola"), networkID: NetworkID(999)) }?.isNotFound == true)
        var blank = profile("x")
        blank.displayName = ""
        #expect(await refusal { _ = try await memberships.joinByInvitation(memberID: nil, profile: blank, networkID: north.id) }?.validationField == "displayName")
        let listed = try await memberships.members(world.admin, of: north.id).items
        #expect(listed.map(\.memberID) == [nia.memberID])
    }

    // Proves a join whose activation fails (the membership update, as a crash would) leaves no
    // duplicate behind: the retry with the same invitation completes the member created first,
    // with the profile of the retry, active, with exactly one welcome grant; another invitation
    // creates another member.
    @Test func retryAfterAFailedActivationReusesTheMember() async throws {
        let world = try await World(flaky: true)
        defer { world.remove() }
        let store = try #require(world.flaky)
        let north = try await world.network("north-wellbeing", policy: NetworkPolicy(welcomeGrantMinutes: 90))
        let memberships = world.domain.memberships

        store.failNext(.membership)
        await #expect(throws: FlakyStore.InjectedFailure.self) {
            _ = try await memberships.joinByInvitation(memberID: nil, profile: profile("Nia"), networkID: north.id, invitationID: 7)
        }
        let retried = try await memberships.joinByInvitation(
            memberID: nil, profile: profile("Nia Jones"), networkID: north.id, invitationID: 7)
        #expect(retried.status == .active)
        let member = try #require(try await world.store.member(retried.memberID))
        #expect(member.profile.displayName == "Nia Jones" && !member.isAdministrator)
        #expect(try await world.store.member(MemberID(retried.memberID.rawValue + 1)) == nil)
        #expect(try await world.minutes(member.actor, north) == [90, 0, 90])

        let other = try await memberships.joinByInvitation(memberID: nil, profile: profile("Ola"), networkID: north.id, invitationID: 8)
        #expect(other.memberID != retried.memberID)
        try await world.verifyLedger()
    }
}
