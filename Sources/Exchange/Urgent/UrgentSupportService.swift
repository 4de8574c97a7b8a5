import Foundation
import Ledger
import Logging

/// "I need to talk to someone soon": a member asks, the network's wellbeing leads answer. Only
/// the member and the leads ever read a request; logs, audit details and emails carry ids only.
public final class UrgentSupportService: Sendable {
    let context: ServiceContext
    let urgent: any UrgentRequestRepository
    let memberships: any MembershipRepository
    let networks: any NetworkRepository

    init(context: ServiceContext, urgent: any UrgentRequestRepository, memberships: any MembershipRepository,
         networks: any NetworkRepository) {
        self.context = context
        self.urgent = urgent
        self.memberships = memberships
        self.networks = networks
    }

    /// An active member asks; at most one open request per member and network (the store refuses
    /// a second in the insert's transaction, `invalidState`). Every other
    /// lead is told; with no lead to tell, it is raised at once to the coordinators. A retry of
    /// a keyed request answers what the first attempt stored.
    public func raise(_ actor: Actor, networkID: NetworkID, _ draft: UrgentRequestDraft) async throws -> UrgentRequest {
        if let earlier = try await context.earlierCreation(actor, .urgentRequest) { return try await load(UrgentRequestID(earlier)) }
        _ = try await context.access.requireActiveMember(actor, in: networkID)
        let written = try UrgentLifecycle.validated(draft)
        let leads = try await activeLeadIDs(networkID).filter { $0 != actor.memberID }
        let now = context.now()
        var request = UrgentRequest(id: UrgentRequestID(0), networkID: networkID, memberID: actor.memberID,
                                    note: written.note, contact: written.contact, raisedAt: now)
        let coordinators = leads.isEmpty
            ? try await memberships.activeCoordinatorIDs(of: networkID, limit: NoticeRecipients.coordinatorsPerNetworkMax)
            : []
        if leads.isEmpty { request.escalatedAt = now }
        let stored = try await urgent.insertUrgentRequest(
            request, keyed: context.creationRecord(actor, .urgentRequest, at: now)
        ) { stored in
            leads.isEmpty
                ? UrgentNotices.escalated(stored, leads: [], coordinators: coordinators)
                : UrgentNotices.raised(stored, leads: leads)
        }
        context.logger.info("urgent request raised", metadata: [
            "urgentRequest": "\(stored.id)", "network": "\(networkID)", "leadsTold": "\(leads.count)",
        ])
        return stored
    }

    /// The actor's own requests, newest first.
    public func ownRequests(_ actor: Actor) async throws -> [UrgentRequest] {
        try await urgent.urgentRequests(raisedBy: actor.memberID, limit: UrgentLimits.ownRequestsMax)
    }

    /// The member who asked withdraws their open request.
    public func withdraw(_ actor: Actor, id: UrgentRequestID) async throws -> UrgentRequest {
        try await run(.withdraw, actor, id)
    }

    /// The network's wellbeing leads only (a coordinator who is not a lead is refused): the open
    /// requests oldest first, then, when asked, the most recently ended ones.
    public func queue(_ actor: Actor, networkID: NetworkID, includeClosed: Bool) async throws -> [UrgentRequest] {
        try await requireLead(actor, of: networkID)
        var requests = try await urgent.openUrgentRequests(networkID: networkID, limit: UrgentLimits.queueMax)
        let room = min(UrgentLimits.closedInQueueMax, UrgentLimits.queueMax - requests.count)
        if includeClosed, room > 0 {
            requests += try await urgent.endedUrgentRequests(networkID: networkID, limit: room)
        }
        return requests
    }

    /// The member who asked, or a lead of its network (the read is audited, without detail or
    /// the member: coordinators read the trail). Anyone else is told it does not exist.
    public func request(_ actor: Actor, id: UrgentRequestID) async throws -> UrgentRequest {
        let request = try await load(id)
        if request.memberID == actor.memberID { return request }
        guard try await isLead(actor.memberID, of: request.networkID) else {
            throw ExchangeError.notFound("urgent request \(id)")
        }
        try await context.audit(actor, .urgentViewed, network: request.networkID, subject: id.rawValue)
        return request
    }

    /// A lead takes the request; the member is told a lead has seen it.
    public func acknowledge(_ actor: Actor, id: UrgentRequestID) async throws -> UrgentRequest {
        try await run(.acknowledge, actor, id)
    }

    /// A lead sets (or moves) the time of a conversation with the member.
    public func arrange(_ actor: Actor, id: UrgentRequestID, conversationAt: Date) async throws -> UrgentRequest {
        try await run(.arrange(conversationAt: conversationAt), actor, id)
    }

    /// A lead closes the request. With `heldMinutes` (15...240) the lead who took it is paid
    /// from the community account through the member, whatever the member's balance.
    public func close(_ actor: Actor, id: UrgentRequestID, heldMinutes: Int64?) async throws -> UrgentRequest {
        let closed = try await run(.close(heldMinutes: heldMinutes), actor, id)
        guard closed.status == .closed, closed.paymentTransferID != nil else { return closed }
        return try await settlePayment(closed)
    }

    /// Load, decide (pure), commit with its notices in one compare-and-set write; a conflicting
    /// commit runs the step again from a fresh load.
    private func run(_ command: UrgentCommand, _ actor: Actor, _ id: UrgentRequestID) async throws -> UrgentRequest {
        try await ConflictRetry.run(context, aggregate: "urgent request") {
            let request = try await load(id)
            let standing = UrgentStanding(memberID: actor.memberID, isLead: try await isLead(actor.memberID, of: request.networkID))
            let now = context.now()
            let decision = try UrgentLifecycle.decide(request, command, actor: standing, now: now).get()
            guard decision.changed else { return decision.request }
            let notices = command == .acknowledge ? UrgentNotices.acknowledged(decision.request) : []
            let stored = try await urgent.updateUrgentRequest(decision.request, audit: [], notices: notices, at: now)
            context.logger.info("urgent request changed", metadata: [
                "urgentRequest": "\(id)", "status": "\(stored.status.rawValue)",
            ])
            return stored
        }
    }

    func load(_ id: UrgentRequestID) async throws -> UrgentRequest {
        guard let request = try await urgent.urgentRequest(id) else { throw ExchangeError.notFound("urgent request \(id)") }
        return request
    }

    /// An active member of the network named as one of its leads.
    func isLead(_ memberID: MemberID, of networkID: NetworkID) async throws -> Bool {
        guard try await memberships.membership(memberID: memberID, networkID: networkID)?.isActive == true else { return false }
        return try await urgent.isWellbeingLead(memberID: memberID, networkID: networkID)
    }

    /// `.notFound` outside the network, `.forbidden` for a member who is not a lead.
    func requireLead(_ actor: Actor, of networkID: NetworkID) async throws {
        let membership = try await context.access.membership(actor, in: networkID)
        guard membership.isActive, try await urgent.isWellbeingLead(memberID: actor.memberID, networkID: networkID) else {
            throw ExchangeError.forbidden("only a wellbeing lead of this network may do this")
        }
    }

    /// The leads whose membership of the network is active.
    func activeLeadIDs(_ networkID: NetworkID) async throws -> [MemberID] {
        var active: [MemberID] = []
        for lead in try await urgent.wellbeingLeads(networkID: networkID) {
            if try await memberships.membership(memberID: lead.memberID, networkID: networkID)?.isActive == true {
                active.append(lead.memberID)
            }
        }
        return active
    }
}
