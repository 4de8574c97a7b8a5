import Foundation
import Ledger
import Logging
import Outbox

/// Memberships: invite → activate (opens the ledger account, pays the welcome grant) → suspend,
/// leave; roles.
public final class MembershipService: Sendable {
    let context: ServiceContext
    let networkService: NetworkService
    /// Steps of exchanges this service takes part in (cancellations, proposals it sends).
    let exchangeService: ExchangeService
    let members: any MemberRepository
    let memberships: any MembershipRepository
    let networks: any NetworkRepository

    init(context: ServiceContext, networkService: NetworkService, exchangeService: ExchangeService,
         members: any MemberRepository, memberships: any MembershipRepository, networks: any NetworkRepository) {
        self.context = context
        self.networkService = networkService
        self.exchangeService = exchangeService
        self.members = members
        self.memberships = memberships
        self.networks = networks
    }

    /// Coordinators of the network and administrators invite; only administrators appoint
    /// coordinators. A member who left may be invited again (their ledger account is kept).
    public func invite(_ actor: Actor, memberID: MemberID, networkID: NetworkID,
                       role: NetworkRole = .member) async throws -> Membership {
        let membership = try await run(.invite(role: role), actor, memberID: memberID, networkID: networkID) {
            MembershipFacts(subjectExists: try await members.member(memberID) != nil,
                            network: try await networks.network(networkID))
        }
        context.logger.info("member invited", metadata: ["member": "\(memberID)", "network": "\(networkID)"])
        return membership
    }

    /// The invited member themself (accepting the invitation), or a coordinator of the network or
    /// an administrator, activates; coordinators and administrators also reinstate a suspended
    /// member. The ledger account and the welcome grant use ids stored with the membership, so
    /// the grant is paid once however often activation is retried or repeated.
    public func activate(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        try await run(.activate, actor, memberID: memberID, networkID: networkID) {
            MembershipFacts(subjectExists: true, network: try await networks.network(networkID))
        }
    }

    /// A coordinator of the network (or an administrator) approves an invited membership,
    /// activating it without the invitee accepting. Only an invited one: the lifecycle decides on
    /// the membership as loaded for the compare-and-set write, so one that changes meanwhile is
    /// decided again, never approved from another status.
    /// `reason`, when given, is what the coordinator wrote (trimmed, 1 to `reasonLengthMax`
    /// characters), kept as the audit event's detail.
    public func approve(_ actor: Actor, memberID: MemberID, networkID: NetworkID, reason: String? = nil) async throws -> Membership {
        let reason = try Self.validReason(reason)
        _ = try await coordinatedMembership(actor, memberID: memberID, networkID: networkID)
        return try await run(.approve, actor, memberID: memberID, networkID: networkID, reason: reason) {
            MembershipFacts(subjectExists: true, network: try await networks.network(networkID))
        }
    }

    /// A coordinator of the network (or an administrator) reinstates a suspended membership (an
    /// invited one is approved instead); as `approve`, the check and the update are one step.
    /// `reason` as for `approve`.
    public func reinstate(_ actor: Actor, memberID: MemberID, networkID: NetworkID, reason: String? = nil) async throws -> Membership {
        let reason = try Self.validReason(reason)
        _ = try await coordinatedMembership(actor, memberID: memberID, networkID: networkID)
        return try await run(.reinstate, actor, memberID: memberID, networkID: networkID, reason: reason) {
            MembershipFacts(subjectExists: true, network: try await networks.network(networkID))
        }
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
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
        let member: Member
        if let memberID {
            guard let existing = try await members.member(memberID) else { throw ExchangeError.notFound("member \(memberID)") }
            member = existing
        } else {
            guard let profile else { throw ExchangeError.invalid("profile", "is required to create a member") }
            try Validate.profile(profile)
            if let invitationID {
                member = try await members.insertMember(profile, invitationID: invitationID, at: context.now())
            } else {
                member = try await members.insertMember(profile, isAdministrator: false, at: context.now())
            }
            context.logger.info("member created by invitation", metadata: ["member": "\(member.id)"])
        }
        _ = try await run(.inviteByVerifiedInvitation, member.actor, memberID: member.id, networkID: networkID) {
            MembershipFacts(subjectExists: true, network: nil)
        }
        return try await activate(member.actor, memberID: member.id, networkID: networkID)
    }

    /// Coordinators of the network and administrators suspend an active membership. The member's
    /// exchanges in the network that nobody has confirmed yet (proposed, or accepted without a
    /// confirmation) are cancelled — an accepted one's reservation voided — with a reason both
    /// parties see; one already confirmed by a party runs on to auto-confirmation or dispute.
    /// Repeating it for a suspended membership finishes any cancellation left undone. `reason` as
    /// for `approve`.
    public func suspend(_ actor: Actor, memberID: MemberID, networkID: NetworkID, reason: String? = nil) async throws -> Membership {
        let reason = try Self.validReason(reason)
        let membership = try await run(.suspend, actor, memberID: memberID, networkID: networkID, reason: reason)
        let cancelled = try await exchangeService.cancelUnconfirmed(of: memberID, in: networkID)
        if cancelled > 0 {
            context.logger.info("exchanges cancelled by a suspension", metadata: ["network": "\(networkID)", "count": "\(cancelled)"])
        }
        return membership
    }

    /// A member leaves a network (from any status but left). The ledger account stays open for
    /// reservations made before; the domain refuses new activity.
    public func leave(_ actor: Actor, networkID: NetworkID) async throws -> Membership {
        try await run(.leave, actor, memberID: actor.memberID, networkID: networkID)
    }

    /// Administrators appoint (and stand down) coordinators.
    public func setRole(_ actor: Actor, memberID: MemberID, networkID: NetworkID, role: NetworkRole) async throws -> Membership {
        let membership = try await run(.setRole(role), actor, memberID: memberID, networkID: networkID)
        context.logger.info("role set", metadata: ["member": "\(memberID)", "network": "\(networkID)", "role": "\(role.rawValue)"])
        return membership
    }

    /// Administrators appoint a coordinator from the network's active members. The membership is
    /// found as its coordinators see it (404 outside the network, 403 for its members); only an
    /// active one is appointed, decided on the membership the compare-and-set write expects.
    public func appointCoordinator(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        _ = try await coordinatedMembership(actor, memberID: memberID, networkID: networkID)
        let membership = try await run(.appointCoordinator, actor, memberID: memberID, networkID: networkID)
        context.logger.info("role set", metadata: ["member": "\(memberID)", "network": "\(networkID)", "role": "coordinator"])
        return membership
    }

    /// One membership as the network's coordinators and administrators find it: `.notFound` outside
    /// the network (or when there is no such membership), `.forbidden` for its other members.
    private func coordinatedMembership(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        _ = try await networkService.network(actor, networkID)
        guard let membership = try await self.membership(actor, memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound("member \(memberID) in network \(networkID)")
        }
        return membership
    }

    /// The longest reason a coordinator may give for approving, suspending or reinstating.
    public static let reasonLengthMax = 500

    /// A given reason trimmed; blank or longer than `reasonLengthMax` is refused at `reason`.
    static func validReason(_ reason: String?) throws -> String? {
        guard let reason else { return nil }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ExchangeError.invalid("reason", "must not be blank") }
        guard trimmed.count <= reasonLengthMax else {
            throw ExchangeError.invalid("reason", "must be at most \(reasonLengthMax) characters")
        }
        return trimmed
    }

    /// One's own memberships; administrators may read anyone's.
    public func memberships(_ actor: Actor, of memberID: MemberID) async throws -> [Membership] {
        guard actor.memberID == memberID || actor.isAdministrator else {
            throw ExchangeError.forbidden("only the member themself may list their memberships")
        }
        return try await memberships.memberships(of: memberID).sorted { $0.networkID < $1.networkID }
    }

    /// One member's membership of a network, if any: its coordinators and administrators.
    public func membership(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership? {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        return try await memberships.membership(memberID: memberID, networkID: networkID)
    }

    /// Every membership of a network (only those of `status` when it is given, narrowed by the
    /// store's query so a page is full whenever that many more match): its coordinators and
    /// administrators.
    public func members(_ actor: Actor, of networkID: NetworkID, status: MembershipStatus? = nil,
                        page: PageRequest = PageRequest()) async throws -> Page<Membership> {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "members").map { MemberID($0) }
        let fetched = try await memberships.memberships(in: networkID, status: status, afterMemberID: after, limit: size + 1)
        return Cursor.page(fetched, size: size, list: "members") { $0.memberID.rawValue }
    }

    /// Load, decide (pure), do the ledger's part, commit in one compare-and-set write; a
    /// conflicting commit runs the whole step again from a fresh load (`ConflictRetry`).
    private func run(
        _ command: MembershipCommand, _ actor: Actor, memberID: MemberID, networkID: NetworkID, reason: String? = nil,
        facts: () async throws -> MembershipFacts = { MembershipFacts(subjectExists: true, network: nil) }
    ) async throws -> Membership {
        try await ConflictRetry.run(context, aggregate: "membership") {
            let current = try await memberships.membership(memberID: memberID, networkID: networkID)
            var own = current
            if actor.memberID != memberID {
                own = try await memberships.membership(memberID: actor.memberID, networkID: networkID)
            }
            var decision = try MembershipLifecycle.decide(
                current, command, subjectID: memberID, networkID: networkID, actor: ActorStanding(actor, own),
                now: context.now(), facts: try await facts()).get()
            if let reason { decision.audit = decision.audit.map { event in var event = event; event.detail = reason; return event } }
            return try await commit(decision, command, actor, current: current, memberID: memberID, networkID: networkID)
        }
    }

    private func commit(
        _ decision: MembershipDecision, _ command: MembershipCommand, _ actor: Actor, current: Membership?,
        memberID: MemberID, networkID: NetworkID
    ) async throws -> Membership {
        let awaiting = try await awaitingApprovalNotices(command, actor, memberID: memberID, networkID: networkID)
        if let role = decision.insertRole {
            do {
                return try await memberships.insertMembership(
                    memberID: memberID, networkID: networkID, role: role, at: context.now(), notices: awaiting)
            } catch ExchangeError.conflict {
                // Inserted meanwhile by another writer: decide again on the stored one.
                throw ConflictRetry.versionConflict("membership")
            }
        }
        guard let membership = decision.membership else { preconditionFailure("a decision without an insert names its membership") }
        guard decision.changed else { return membership }
        if !decision.accountsToOpen.isEmpty { try await context.ledger.openAccounts(decision.accountsToOpen) }
        if !decision.transfers.isEmpty, case .refused(let code, _) = try await context.ledger.submit(decision.transfers) {
            throw ExchangeError.ledgerRefused(code, "the welcome grant could not be paid")
        }
        var notices = awaiting
        if let before = current, command == .approve || command == .activate {
            notices += MembershipNotices.approved(from: before, to: membership, actorID: actor.memberID)
        }
        let stored = try await memberships.updateMembership(membership, audit: decision.audit, notices: notices, at: context.now())
        if case .setRole = command { return stored }
        context.logger.info("membership \(stored.status.rawValue)", metadata: ["member": "\(memberID)", "network": "\(networkID)"])
        return stored
    }

    /// A coordinator's or an administrator's invitation (a new membership, or one that had left)
    /// waits for approval: the network's other coordinators are told, read before the commit.
    private func awaitingApprovalNotices(_ command: MembershipCommand, _ actor: Actor, memberID: MemberID,
                                         networkID: NetworkID) async throws -> [OutboxDraft] {
        guard case .invite = command else { return [] }
        let coordinatorIDs = try await memberships.activeCoordinatorIDs(
            of: networkID, limit: NoticeRecipients.coordinatorsPerNetworkMax)
        return MembershipNotices.awaitingApproval(
            memberID: memberID, networkID: networkID, actorID: actor.memberID, coordinatorIDs: coordinatorIDs)
    }
}
