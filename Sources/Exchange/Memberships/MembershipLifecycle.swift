import Foundation
import Ledger

/// What may be asked of a membership.
enum MembershipCommand: Sendable, Hashable {
    /// A coordinator or an administrator invites (again, after the member left).
    case invite(role: NetworkRole)
    /// The member accepts (themself), or a coordinator or an administrator approves or reinstates.
    case activate
    /// The invitation step of a join by an invitation Identity has verified: no actor to check.
    case inviteByVerifiedInvitation
    case suspend
    /// The actor leaves the network (the actor is the member).
    case leave
    case setRole(NetworkRole)
    /// A coordinator or an administrator activates an invited membership (only an invited one).
    case approve
    /// A coordinator or an administrator reactivates a suspended membership (only a suspended one).
    case reinstate
    /// An administrator makes an active member a coordinator (only an active one).
    case appointCoordinator
}

/// The facts beyond the membership a command needs, loaded by the service.
struct MembershipFacts: Sendable, Hashable {
    /// Whether a member has the subject's id (an invitation names an existing member).
    var subjectExists: Bool
    /// The network, nil when none has the id.
    var network: Network?
}

/// What to do: the membership after the command, what to ask the ledger first, what to audit.
struct MembershipDecision: Sendable, Hashable {
    /// The membership after the command; nil only when `insertRole` is set (the store allocates
    /// the new membership's ledger ids).
    var membership: Membership?
    /// Insert a new invited membership with this role (the member was never invited).
    var insertRole: NetworkRole?
    /// Whether `membership` must be committed (a compare-and-set on the version read).
    var changed: Bool
    /// Opened in the ledger before the commit (the ledger answers `exists` on a repeat).
    var accountsToOpen: [NewAccount]
    /// Submitted after `accountsToOpen` and before the commit; ids stored with the membership,
    /// so a retry resubmits the same transfer.
    var transfers: [TransferCommand]
    /// Appended to the audit trail in the commit's transaction.
    var audit: [AuditEvent]

    static func unchanged(_ membership: Membership) -> MembershipDecision {
        MembershipDecision(membership: membership, insertRole: nil, changed: false, accountsToOpen: [], transfers: [], audit: [])
    }

    static func update(_ membership: Membership, audit: [AuditEvent] = []) -> MembershipDecision {
        MembershipDecision(membership: membership, insertRole: nil, changed: true, accountsToOpen: [], transfers: [], audit: audit)
    }
}

/// The membership lifecycle as a pure function: invited → active ⇄ suspended; any but left →
/// left; left → invited. No I/O, no clock, no await: `now` and every fact are given.
enum MembershipLifecycle {
    /// `current` is the stored membership of (`subjectID`, `networkID`), nil when there is none;
    /// `actor` is the actor's standing in `networkID`.
    static func decide(
        _ current: Membership?, _ command: MembershipCommand, subjectID: MemberID, networkID: NetworkID,
        actor: ActorStanding, now: Date, facts: MembershipFacts
    ) -> Result<MembershipDecision, ExchangeError> {
        if let membership = current {
            precondition(membership.memberID == subjectID && membership.networkID == networkID, "the membership decided on")
        }
        switch command {
        case .invite(let role):
            return invite(current, role: role, networkID: networkID, actor: actor, facts: facts)
        case .activate:
            return activate(current, subjectID: subjectID, networkID: networkID, actor: actor, now: now, facts: facts)
        case .inviteByVerifiedInvitation:
            return reinvite(current, role: .member, refusingOpen: false)
        case .suspend:
            if let refusal = actor.requireCoordinatorOrAdministrator(of: networkID) { return .failure(refusal) }
            let audit = event(actor, .membershipSuspended, networkID, subjectID, now)
            return transition(current, from: [.active], to: .suspended, audit: [audit])
        case .leave:
            precondition(actor.memberID == subjectID, "a member leaves for themself")
            if let refusal = actor.requireMember(of: networkID) { return .failure(refusal) }
            return transition(current, from: [.invited, .active, .suspended], to: .left, audit: [])
        case .approve, .reinstate:
            let expected: MembershipStatus = command == .approve ? .invited : .suspended
            if let current, current.status != expected {
                return .failure(.invalidState("the membership is \(current.status.rawValue)"))
            }
            return activate(current, subjectID: subjectID, networkID: networkID, actor: actor, now: now, facts: facts)
        case .appointCoordinator:
            if let current, current.status != .active {
                return .failure(.invalidState("the membership is \(current.status.rawValue): only an active member may coordinate"))
            }
            return decide(current, .setRole(.coordinator), subjectID: subjectID, networkID: networkID, actor: actor,
                          now: now, facts: facts)
        case .setRole(let role):
            if let refusal = actor.requireAdministrator() { return .failure(refusal) }
            guard var membership = current else { return .failure(.notFound("membership")) }
            membership.role = role
            return .success(.update(membership, audit: [event(actor, .roleChanged, networkID, subjectID, now, detail: role.rawValue)]))
        }
    }

    private static func invite(
        _ current: Membership?, role: NetworkRole, networkID: NetworkID, actor: ActorStanding, facts: MembershipFacts
    ) -> Result<MembershipDecision, ExchangeError> {
        if let refusal = actor.requireCoordinatorOrAdministrator(of: networkID) { return .failure(refusal) }
        if role == .coordinator, let refusal = actor.requireAdministrator() { return .failure(refusal) }
        guard facts.subjectExists else { return .failure(.invalid("memberID", "no member has this id")) }
        guard facts.network != nil else { return .failure(.notFound("network \(networkID)")) }
        return reinvite(current, role: role, refusingOpen: true)
    }

    /// A member with no membership is inserted; one who left is invited again with `role`. An
    /// open membership is refused (`refusingOpen`) or answered unchanged.
    private static func reinvite(
        _ current: Membership?, role: NetworkRole, refusingOpen: Bool
    ) -> Result<MembershipDecision, ExchangeError> {
        guard var membership = current else {
            return .success(MembershipDecision(
                membership: nil, insertRole: role, changed: true, accountsToOpen: [], transfers: [], audit: []))
        }
        guard membership.status == .left else {
            if refusingOpen { return .failure(.conflict("the member is already \(membership.status.rawValue) in this network")) }
            return .success(.unchanged(membership))
        }
        membership.status = .invited
        membership.role = role
        return .success(.update(membership))
    }

    private static func activate(
        _ current: Membership?, subjectID: MemberID, networkID: NetworkID, actor: ActorStanding, now: Date,
        facts: MembershipFacts
    ) -> Result<MembershipDecision, ExchangeError> {
        let isSelf = actor.memberID == subjectID
        if !isSelf, let refusal = actor.requireCoordinatorOrAdministrator(of: networkID) { return .failure(refusal) }
        guard var membership = current else { return .failure(.notFound(isSelf ? "network \(networkID)" : "membership")) }
        if membership.status == .active { return .success(.unchanged(membership)) }
        if membership.status == .left { return .failure(.invalidState("the member left this network: invite them again")) }
        if membership.status == .suspended && isSelf && !actor.isAdministrator {
            return .failure(.forbidden("a coordinator must reinstate a suspended membership"))
        }
        guard let network = facts.network else { return .failure(.notFound("network \(networkID)")) }
        let previous = membership.status
        membership.status = .active
        if membership.joinedAt == nil { membership.joinedAt = now }
        let action: AuditAction = previous == .suspended ? .membershipReinstated : .membershipApproved
        var decision = MembershipDecision.update(membership, audit: isSelf ? [] : [event(actor, action, networkID, subjectID, now)])
        decision.accountsToOpen = network.ledgerAccounts + [memberAccount(membership, network)]
        decision.transfers = welcomeGrant(membership, network)
        return .success(decision)
    }

    /// A step already taken (a retry whose answer was lost) answers the membership unchanged.
    private static func transition(
        _ current: Membership?, from: Set<MembershipStatus>, to status: MembershipStatus, audit: [AuditEvent]
    ) -> Result<MembershipDecision, ExchangeError> {
        guard var membership = current else { return .failure(.notFound("membership")) }
        if membership.status == status { return .success(.unchanged(membership)) }
        guard from.contains(membership.status) else {
            return .failure(.invalidState("the membership is \(membership.status.rawValue)"))
        }
        membership.status = status
        return .success(.update(membership, audit: audit))
    }

    static func memberAccount(_ membership: Membership, _ network: Network) -> NewAccount {
        NewAccount(
            id: membership.ledgerAccountID, networkID: network.id, kind: .member,
            lowerLimitMinutes: network.policy.creditFloorMinutes, upperLimitMinutes: network.policy.ceilingMinutes,
            reference: membership.memberID.rawValue)
    }

    /// The welcome grant, under the id stored with the membership: paid once however often
    /// activation is retried or repeated.
    static func welcomeGrant(_ membership: Membership, _ network: Network) -> [TransferCommand] {
        guard network.policy.welcomeGrantMinutes > 0 else { return [] }
        return [TransferCommand(
            id: membership.welcomeTransferID, networkID: network.id,
            kind: .single(debit: network.communityAccountID, credit: membership.ledgerAccountID,
                          amountMinutes: network.policy.welcomeGrantMinutes),
            code: .welcomeGrant, reference: membership.memberID.rawValue)]
    }

    private static func event(
        _ actor: ActorStanding, _ action: AuditAction, _ networkID: NetworkID, _ subjectID: MemberID, _ now: Date,
        detail: String? = nil
    ) -> AuditEvent {
        AuditEvent(id: AuditEventID(0), at: now, actorID: actor.memberID, networkID: networkID, action: action,
                   subjectMemberID: subjectID, subjectID: nil, detail: detail)
    }
}
