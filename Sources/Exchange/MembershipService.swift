import Foundation
import Ledger
import Logging

/// Memberships: invite → activate (opens the ledger account, pays the welcome grant) → suspend,
/// leave; roles.
public struct MembershipService: Sendable {
    let context: ServiceContext

    /// Coordinators of the network and administrators invite; only administrators appoint
    /// coordinators. A member who left may be invited again (their ledger account is kept).
    public func invite(_ actor: Actor, memberID: MemberID, networkID: NetworkID,
                       role: NetworkRole = .member) async throws -> Membership {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        if role == .coordinator { try context.access.requireAdministrator(actor) }
        guard try await context.store.member(memberID) != nil else {
            throw ExchangeError.invalid("memberID", "no member has this id")
        }
        guard try await context.store.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
        if var existing = try await context.store.membership(memberID: memberID, networkID: networkID) {
            guard existing.status == .left else {
                throw ExchangeError.conflict("the member is already \(existing.status.rawValue) in this network")
            }
            existing.status = .invited
            existing.role = role
            try await context.store.updateMembership(existing, expectedStatus: .left)
            return existing
        }
        let membership = try await context.store.insertMembership(
            memberID: memberID, networkID: networkID, role: role, at: context.now())
        context.logger.info("member invited", metadata: ["member": "\(memberID)", "network": "\(networkID)"])
        return membership
    }

    /// The invited member themself (accepting the invitation), or a coordinator of the network or
    /// an administrator, activates; coordinators and administrators also reinstate a suspended
    /// member. The ledger account and the welcome grant use ids stored with the membership, so
    /// the grant is paid once however often activation is retried or repeated.
    public func activate(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        let isSelf = actor.memberID == memberID
        if !isSelf { try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID) }
        guard let membership = try await context.store.membership(memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound(isSelf ? "network \(networkID)" : "membership")
        }
        return try await activate(actor, loaded: membership)
    }

    /// A coordinator of the network (or an administrator) approves an invited membership,
    /// activating it without the invitee accepting. Only an invited one: the status checked is
    /// the status the update expects, so a membership that changes meanwhile is a conflict, not
    /// approved from another status.
    public func approve(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        let membership = try await coordinatedMembership(actor, memberID: memberID, networkID: networkID)
        guard membership.status == .invited else { throw ExchangeError.invalidState("the membership is \(membership.status.rawValue)") }
        return try await activate(actor, loaded: membership)
    }

    /// A coordinator of the network (or an administrator) reinstates a suspended membership (an
    /// invited one is approved instead); as `approve`, the check and the update are one step.
    public func reinstate(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        let membership = try await coordinatedMembership(actor, memberID: memberID, networkID: networkID)
        guard membership.status == .suspended else {
            throw ExchangeError.invalidState("the membership is \(membership.status.rawValue)")
        }
        return try await activate(actor, loaded: membership)
    }

    /// Activates `loaded`; the update expects the status it was loaded with.
    private func activate(_ actor: Actor, loaded: Membership) async throws -> Membership {
        var membership = loaded
        let (memberID, networkID) = (membership.memberID, membership.networkID)
        let isSelf = actor.memberID == memberID
        if membership.status == .active { return membership }
        if membership.status == .left { throw ExchangeError.invalidState("the member left this network: invite them again") }
        if membership.status == .suspended && isSelf && !actor.isAdministrator {
            throw ExchangeError.forbidden("a coordinator must reinstate a suspended membership")
        }
        guard let network = try await context.store.network(networkID) else { throw ExchangeError.notFound("network \(networkID)") }
        try await openAccountAndPayGrant(membership, network: network)
        let previous = membership.status
        membership.status = .active
        if membership.joinedAt == nil { membership.joinedAt = context.now() }
        let audit = isSelf ? [] : [context.auditEvent(
            actor, previous == .suspended ? .membershipReinstated : .membershipApproved, network: networkID, member: memberID)]
        try await context.store.updateMembership(membership, expectedStatus: previous, audit: audit)
        context.logger.info("membership activated", metadata: ["member": "\(memberID)", "network": "\(networkID)"])
        return membership
    }

    /// Joins a network by an invitation that Identity has ALREADY verified (token checked,
    /// unexpired, claimed): there is no inviting actor here, so this must never be reachable
    /// any other way. Creates the member when `memberID` is nil (from `profile`; never an
    /// administrator), invites them when they have no membership or left, and activates the
    /// membership as the member themself (opening the ledger account, paying the welcome grant
    /// once). Repeating it for an active membership changes nothing; a suspended membership is
    /// refused (a coordinator must reinstate it). With `invitationID`, the member it creates is
    /// created once per invitation, so a retry after a failed activation completes the same member
    /// instead of leaving a second record behind.
    public func joinByInvitation(
        memberID: MemberID?, profile: MemberProfile?, networkID: NetworkID, invitationID: Int64? = nil
    ) async throws -> Membership {
        guard try await context.store.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
        let member: Member
        if let memberID {
            guard let existing = try await context.store.member(memberID) else { throw ExchangeError.notFound("member \(memberID)") }
            member = existing
        } else {
            guard let profile else { throw ExchangeError.invalid("profile", "is required to create a member") }
            try Validate.profile(profile)
            if let invitationID {
                member = try await context.store.insertMember(profile, invitationID: invitationID, at: context.now())
            } else {
                member = try await context.store.insertMember(profile, isAdministrator: false, at: context.now())
            }
            context.logger.info("member created by invitation", metadata: ["member": "\(member.id)"])
        }
        if let existing = try await context.store.membership(memberID: member.id, networkID: networkID) {
            if existing.status == .left {
                var invited = existing
                invited.status = .invited
                invited.role = .member
                try await context.store.updateMembership(invited, expectedStatus: .left)
            }
        } else {
            _ = try await context.store.insertMembership(memberID: member.id, networkID: networkID, role: .member, at: context.now())
        }
        return try await activate(member.actor, memberID: member.id, networkID: networkID)
    }

    private func openAccountAndPayGrant(_ membership: Membership, network: Network) async throws {
        let policy = network.policy
        let account = NewAccount(
            id: membership.ledgerAccountID, networkID: network.id, kind: .member,
            lowerLimitMinutes: policy.creditFloorMinutes, upperLimitMinutes: policy.ceilingMinutes,
            reference: membership.memberID.rawValue)
        try await context.ledger.openAccounts(network.ledgerAccounts + [account])
        guard policy.welcomeGrantMinutes > 0 else { return }
        let grant = TransferCommand(
            id: membership.welcomeTransferID, networkID: network.id,
            kind: .single(debit: network.communityAccountID, credit: membership.ledgerAccountID,
                          amountMinutes: policy.welcomeGrantMinutes),
            code: .welcomeGrant, reference: membership.memberID.rawValue)
        if case .refused(let code, _) = try await context.ledger.submit([grant]) {
            throw ExchangeError.ledgerRefused(code, "the welcome grant could not be paid")
        }
    }

    /// Coordinators of the network and administrators suspend an active membership. The member's
    /// exchanges in the network that nobody has confirmed yet (proposed, or accepted without a
    /// confirmation) are cancelled — an accepted one's reservation voided — with a reason both
    /// parties see; one already confirmed by a party runs on to auto-confirmation or dispute.
    /// Repeating it for a suspended membership finishes any cancellation left undone.
    public func suspend(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        let membership: Membership
        if let current = try await context.store.membership(memberID: memberID, networkID: networkID), current.status == .suspended {
            membership = current
        } else {
            membership = try await transition(
                memberID: memberID, networkID: networkID, from: [.active], to: .suspended,
                audit: [context.auditEvent(actor, .membershipSuspended, network: networkID, member: memberID)])
        }
        let cancelled = try await ExchangeService(context: context).cancelUnconfirmed(of: memberID, in: networkID)
        if cancelled > 0 {
            context.logger.info("exchanges cancelled by a suspension", metadata: ["network": "\(networkID)", "count": "\(cancelled)"])
        }
        return membership
    }

    /// A member leaves a network (from any status but left). The ledger account stays open for
    /// reservations made before; the domain refuses new activity.
    public func leave(_ actor: Actor, networkID: NetworkID) async throws -> Membership {
        _ = try await context.access.membership(actor, in: networkID)
        return try await transition(memberID: actor.memberID, networkID: networkID,
                                    from: [.invited, .active, .suspended], to: .left)
    }

    /// Administrators appoint (and stand down) coordinators.
    public func setRole(_ actor: Actor, memberID: MemberID, networkID: NetworkID, role: NetworkRole) async throws -> Membership {
        try context.access.requireAdministrator(actor)
        guard let membership = try await context.store.membership(memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound("membership")
        }
        return try await changeRole(of: membership, to: role, by: actor)
    }

    /// Administrators appoint a coordinator from the network's active members. The membership is
    /// found as its coordinators see it (404 outside the network, 403 for its members), and the
    /// update expects the active status it checked, so a suspension meanwhile is a conflict.
    public func appointCoordinator(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        let membership = try await coordinatedMembership(actor, memberID: memberID, networkID: networkID)
        guard membership.status == .active else {
            throw ExchangeError.invalidState("the membership is \(membership.status.rawValue): only an active member may coordinate")
        }
        try context.access.requireAdministrator(actor)
        return try await changeRole(of: membership, to: .coordinator, by: actor)
    }

    /// One membership as the network's coordinators and administrators find it: `.notFound` outside
    /// the network (or when there is no such membership), `.forbidden` for its other members.
    private func coordinatedMembership(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        _ = try await NetworkService(context: context).network(actor, networkID)
        guard let membership = try await self.membership(actor, memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound("member \(memberID) in network \(networkID)")
        }
        return membership
    }

    /// Stores `loaded` with `role`, expecting the status it was loaded with.
    private func changeRole(of loaded: Membership, to role: NetworkRole, by actor: Actor) async throws -> Membership {
        var membership = loaded
        let (memberID, networkID) = (membership.memberID, membership.networkID)
        membership.role = role
        try await context.store.updateMembership(
            membership, expectedStatus: membership.status,
            audit: [context.auditEvent(actor, .roleChanged, network: networkID, member: memberID, detail: role.rawValue)])
        context.logger.info("role set", metadata: ["member": "\(memberID)", "network": "\(networkID)", "role": "\(role.rawValue)"])
        return membership
    }

    /// One's own memberships; administrators may read anyone's.
    public func memberships(_ actor: Actor, of memberID: MemberID) async throws -> [Membership] {
        guard actor.memberID == memberID || actor.isAdministrator else {
            throw ExchangeError.forbidden("only the member themself may list their memberships")
        }
        return try await context.store.memberships(of: memberID).sorted { $0.networkID < $1.networkID }
    }

    /// One member's membership of a network, if any: its coordinators and administrators.
    public func membership(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership? {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        return try await context.store.membership(memberID: memberID, networkID: networkID)
    }

    /// Every membership of a network (only those of `status` when it is given, narrowed by the
    /// store's query so a page is full whenever that many more match): its coordinators and
    /// administrators.
    public func members(_ actor: Actor, of networkID: NetworkID, status: MembershipStatus? = nil,
                        page: PageRequest = PageRequest()) async throws -> Page<Membership> {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "members").map { MemberID($0) }
        let fetched = try await context.store.memberships(in: networkID, status: status, afterMemberID: after, limit: size + 1)
        return Cursor.page(fetched, size: size, list: "members") { $0.memberID.rawValue }
    }

    private func transition(memberID: MemberID, networkID: NetworkID, from: Set<MembershipStatus>,
                            to status: MembershipStatus, audit: [AuditEvent] = []) async throws -> Membership {
        guard var membership = try await context.store.membership(memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound("membership")
        }
        // Repeating a step already taken (a retry whose answer was lost) answers the membership.
        if membership.status == status { return membership }
        guard from.contains(membership.status) else {
            throw ExchangeError.invalidState("the membership is \(membership.status.rawValue)")
        }
        let previous = membership.status
        membership.status = status
        try await context.store.updateMembership(membership, expectedStatus: previous, audit: audit)
        context.logger.info("membership \(status.rawValue)", metadata: ["member": "\(memberID)", "network": "\(networkID)"])
        return membership
    }
}
