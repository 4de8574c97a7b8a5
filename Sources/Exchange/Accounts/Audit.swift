import Foundation
import Ledger

/// What a coordinator or administrator did, as the audit trail records it. Raw values are stable:
/// they are stored and shown.
public enum AuditAction: String, Sendable, Hashable, Codable, CaseIterable {
    case membershipSuspended = "membership.suspended"
    case membershipReinstated = "membership.reinstated"
    case membershipApproved = "membership.approved"
    case roleChanged = "membership.role_changed"
    case policyUpdated = "network.policy_updated"
    case careTextsUpdated = "network.care_texts_updated"
    case matchingWeightsUpdated = "network.matching_weights_updated"
    case matchingRun = "matching.run"
    case matchingProposalDropped = "matching.proposal_dropped"
    case matchingRunSent = "matching.run_sent"
    case matchProposed = "matching.match_proposed"
    case matchingRunViewed = "matching.run_viewed"
    case agreementProposed = "agreement.proposed"
    case agreementAccepted = "agreement.accepted"
    case agreementDeclined = "agreement.declined"
    case agreementSuspended = "agreement.suspended"
    case agreementResumed = "agreement.resumed"
    case agreementEnded = "agreement.ended"
    case disputeResolved = "exchange.dispute_resolved"
    case disputeViewed = "exchange.dispute_viewed"
    case exchangeProposedOnBehalf = "exchange.proposed_on_behalf"
    case correctionMade = "ledger.correction_made"
    case statementViewed = "account.statement_viewed"
    case balanceViewed = "account.balance_viewed"
    case networkBalancesViewed = "network.balances_viewed"
    case reportViewed = "report.viewed"
    case reportExported = "report.exported"
    case followUpsViewed = "network.follow_ups_viewed"
    case invitationsViewed = "network.invitations_viewed"
    case invitationsSent = "invitation.sent"
    case invitationResent = "invitation.resent"
    case invitationRevoked = "invitation.revoked"
    /// A wellbeing lead read an urgent request (never what it says).
    case urgentViewed = "urgent.viewed"
    case urgentLeadAppointed = "urgent.lead_appointed"
    case urgentLeadRemoved = "urgent.lead_removed"
    case urgentSettingsUpdated = "urgent.settings_updated"
    case memberErased = "member.erased"
    case retentionUpdated = "network.retention_updated"
    case memberDataExported = "member.data_exported"
}

/// One entry of the audit trail. Never holds the private content of requests or sessions: the
/// subject is named by ids, and `detail` carries only what the action itself states (a
/// correction's reason, the role given).
public struct AuditEvent: Sendable, Hashable, Codable {
    public var id: AuditEventID
    public var at: Date
    public var actorID: MemberID
    public var networkID: NetworkID
    public var action: AuditAction
    /// The member the action concerned, when it concerned one.
    public var subjectMemberID: MemberID?
    /// The exchange, correction or other record the action concerned, when there is one.
    public var subjectID: Int64?
    public var detail: String?

    public init(id: AuditEventID, at: Date, actorID: MemberID, networkID: NetworkID, action: AuditAction,
                subjectMemberID: MemberID? = nil, subjectID: Int64? = nil, detail: String? = nil) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.networkID = networkID
        self.action = action
        self.subjectMemberID = subjectMemberID
        self.subjectID = subjectID
        self.detail = detail
    }
}

extension ServiceContext {
    /// Appends a record of a read (a balance, a statement, a report) to the audit trail; the
    /// caller shows what was read only once this has returned.
    func audit(_ actor: Actor, _ action: AuditAction, network: NetworkID, member: MemberID? = nil,
               subject: Int64? = nil, detail: String? = nil) async throws {
        _ = try await auditTrail.insertAuditEvent(
            auditEvent(actor, action, network: network, member: member, subject: subject, detail: detail))
    }

    /// An event for the store to append in the same transaction as the change it records, so
    /// that the change and its record commit together or not at all (the store's `audit:` and
    /// `auditNewRow:` parameters).
    func auditEvent(_ actor: Actor, _ action: AuditAction, network: NetworkID, member: MemberID? = nil,
                    subject: Int64? = nil, detail: String? = nil) -> AuditEvent {
        auditEvent(by: actor.memberID, action, network: network, member: member, subject: subject, detail: detail)
    }

    /// As above, for an action taken earlier by `actorID` and finished now (a stored resolution).
    func auditEvent(by actorID: MemberID, _ action: AuditAction, network: NetworkID, member: MemberID? = nil,
                    subject: Int64? = nil, detail: String? = nil) -> AuditEvent {
        AuditEvent(
            id: AuditEventID(0), at: now(), actorID: actorID, networkID: network, action: action,
            subjectMemberID: member, subjectID: subject, detail: detail)
    }
}

/// The audit trail: coordinators read their own network's, administrators any network's and
/// the whole trail. Newest last (in the order recorded).
public final class AuditService: Sendable {
    let context: ServiceContext

    init(context: ServiceContext) {
        self.context = context
    }

    /// `networkID` nil: the whole trail, administrators only.
    public func trail(_ actor: Actor, networkID: NetworkID?, page: PageRequest = PageRequest()) async throws -> Page<AuditEvent> {
        if let networkID {
            try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        } else {
            try context.access.requireAdministrator(actor)
        }
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "audit").map { AuditEventID($0) }
        let events = try await context.auditTrail.auditEvents(networkID: networkID, afterID: after, limit: size + 1)
        return Cursor.page(events, size: size, list: "audit") { $0.id.rawValue }
    }
}
