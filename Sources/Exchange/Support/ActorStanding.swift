import Foundation
import Ledger

/// Who acts, as a pure lifecycle sees them: the service loads it, the rule decides on it. The
/// refusals it answers are `Access`'s, word for word, so the API answers as before issue 17.
struct ActorStanding: Sendable, Hashable {
    var memberID: MemberID
    var isAdministrator: Bool
    /// The actor's membership of the aggregate's network, of any status; nil: none.
    var membership: Standing?

    struct Standing: Sendable, Hashable {
        var status: MembershipStatus
        var role: NetworkRole
    }

    init(memberID: MemberID, isAdministrator: Bool, membership: Standing?) {
        self.memberID = memberID
        self.isAdministrator = isAdministrator
        self.membership = membership
    }

    init(_ actor: Actor, _ membership: Membership?) {
        self.init(memberID: actor.memberID, isAdministrator: actor.isAdministrator,
                  membership: membership.map { Standing(status: $0.status, role: $0.role) })
    }

    var isActiveMember: Bool { membership?.status == .active }
    var isActiveCoordinator: Bool { membership?.status == .active && membership?.role == .coordinator }

    /// As `Access.membership`: `.notFound` when the actor does not belong to the network.
    func requireMember(of network: NetworkID) -> ExchangeError? {
        membership == nil ? .notFound("network \(network): you are not a member of it") : nil
    }

    /// As `Access.requireActiveMember`.
    func requireActiveMember(of network: NetworkID) -> ExchangeError? {
        if let refusal = requireMember(of: network) { return refusal }
        guard let membership, membership.status == .active else {
            return .forbidden("your membership of this network is \(membership?.status.rawValue ?? "")")
        }
        return nil
    }

    /// As `Access.requireCoordinatorOrAdministrator`.
    func requireCoordinatorOrAdministrator(of network: NetworkID) -> ExchangeError? {
        if isAdministrator { return nil }
        if let refusal = requireMember(of: network) { return refusal }
        return isActiveCoordinator ? nil : .forbidden("only a coordinator of this network may do this")
    }

    /// As `Access.requireAdministrator`.
    func requireAdministrator() -> ExchangeError? {
        isAdministrator ? nil : .forbidden("only an administrator may do this")
    }
}
