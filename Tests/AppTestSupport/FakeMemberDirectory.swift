import Identity
import Onboarding
import PeerHoursAPI
import Synchronization

/// An in-memory stand-in for the Exchange module's members: administrators may invite to any
/// network, coordinators to theirs; everyone else is refused with 403.
public final class FakeMemberDirectory: MemberDirectory {
    private struct State {
        var nextMemberID: Int64 = 1
        var coordinators: Set<[Int64]> = []
        var joins: [(memberID: Int64, networkID: Int64)] = []
        var administrators: Set<Int64> = []
    }
    private let state = Mutex(State())

    public init() {}

    public func createAdministrator(profile: MemberProfileInput) async throws -> Int64 {
        state.withLock { state in
            defer { state.nextMemberID += 1 }
            state.administrators.insert(state.nextMemberID)
            return state.nextMemberID
        }
    }

    public func checkMayInvite(_ principal: Principal, networkID: Int64) async throws {
        let allowed = state.withLock { $0.coordinators.contains([principal.memberID, networkID]) }
        guard principal.isAdministrator || allowed else {
            throw Problem.forbidden("Only a coordinator of this network may invite to it.")
        }
    }

    public func join(networkID: Int64, invitationID: Int64, existingMemberID: Int64?, newProfile: MemberProfileInput?)
        async throws -> Int64
    {
        state.withLock { state in
            let memberID = existingMemberID ?? state.nextMemberID
            if existingMemberID == nil { state.nextMemberID += 1 }
            state.joins.append((memberID, networkID))
            return memberID
        }
    }

    public var joinCount: Int { state.withLock { $0.joins.count } }
}
