import Foundation
import Ledger
import Logging

/// Erasing a member (UK GDPR, issue 21), the exchange database's part. The `members` row stays
/// (ledger accounts, others' exchanges and the audit trail name it by id) with its profile
/// replaced by `MemberProfile.formerMember`; the ledger is not touched beyond voiding the
/// reservations of cancelled exchanges, so its amounts and hash chain stay whole. The identity
/// database's part (credential, sessions, invitations …) is `IdentityService.erase`; the API's
/// `MemberErasure` runs both in order.
///
/// Every step is idempotent, so a crash midway leaves a state a retry finishes: sessions to come
/// are left or cancelled, every network is left (no new exchange can then be proposed to or by
/// them), open exchanges are cancelled through their own step (reservations voided), and last
/// the content is deleted and `erased_at` set in one transaction. A member whose `erased_at`
/// is set may still be erased again: each step finds nothing left to do.
public final class ErasureService: Sendable {
    let context: ServiceContext
    let exchangeService: ExchangeService
    let groupSessionService: GroupSessionService
    let membershipService: MembershipService
    let members: any MemberRepository
    let memberships: any MembershipRepository
    let groupSessions: any GroupSessionRepository
    let erasure: any ErasureRepository
    let urgent: any UrgentRequestRepository

    init(context: ServiceContext, exchangeService: ExchangeService, groupSessionService: GroupSessionService,
         membershipService: MembershipService, members: any MemberRepository, memberships: any MembershipRepository,
         groupSessions: any GroupSessionRepository, erasure: any ErasureRepository, urgent: any UrgentRequestRepository) {
        self.context = context
        self.exchangeService = exchangeService
        self.groupSessionService = groupSessionService
        self.membershipService = membershipService
        self.members = members
        self.memberships = memberships
        self.groupSessions = groupSessions
        self.erasure = erasure
        self.urgent = urgent
    }

    /// The member themself, or an administrator, erases `memberID`. An administrator's own
    /// account is not erased (`invalidState`): the service would lose the people who run it.
    /// Audited `member.erased` in every network the member belonged to (by the actor).
    public func erase(_ actor: Actor, memberID: MemberID) async throws -> ErasureReport {
        guard actor.memberID == memberID || actor.isAdministrator else {
            throw ExchangeError.forbidden("only the member themself or an administrator may erase a member")
        }
        guard let member = try await members.member(memberID) else { throw ExchangeError.notFound("member \(memberID)") }
        guard !member.isAdministrator else {
            throw ExchangeError.invalidState("an administrator's account is not erased")
        }
        let own = member.actor
        let sessions = try await leaveSessionsToCome(own)
        let networks = try await memberships.memberships(of: memberID)
        var left = 0
        for membership in networks where membership.status != .left {
            _ = try await membershipService.leave(own, networkID: membership.networkID)
            left += 1
        }
        let cancelled = try await exchangeService.cancelForErasure(of: memberID)
        let audit = networks.map { context.auditEvent(actor, .memberErased, network: $0.networkID, member: memberID) }
        let tally = try await erasure.eraseMemberContent(memberID, audit: audit, at: context.now())
        // Urgent notes and contacts emptied, open requests withdrawn, lead appointments ended.
        let urgent = try await urgent.eraseUrgentData(of: memberID, at: context.now())
        context.logger.notice("member erased", metadata: [
            "member": "\(memberID)", "actor": "\(actor.memberID)", "exchangesCancelled": "\(cancelled)",
            "networksLeft": "\(left)", "messages": "\(tally.messages)",
        ])
        return ErasureReport(memberID: memberID, networksLeft: left, exchangesCancelled: cancelled,
                             groupSessionsLeft: sessions, tally: tally, urgentRequests: urgent)
    }

    /// Sessions not yet held: one the member facilitates is cancelled, one they joined is left.
    /// A session the rules refuse to change (the member's membership suspended, say) is logged
    /// by id and kept; the erasure goes on. Answers how many changed.
    private func leaveSessionsToCome(_ own: Actor) async throws -> Int {
        let now = context.now()
        let sessions = try await groupSessions.groupSessions(involving: own.memberID, startingFrom: now,
                                                              limit: GroupSessionService.mySessionsMax)
        var changed = 0
        for session in sessions where session.status == .scheduled && session.scheduledStart > now {
            do {
                if session.facilitatorID == own.memberID {
                    _ = try await groupSessionService.cancel(own, session.id)
                    changed += 1
                } else if session.joinedParticipantIDs.contains(own.memberID) {
                    _ = try await groupSessionService.leave(own, session.id)
                    changed += 1
                }
            } catch let error as ExchangeError {
                context.logger.warning("erasure kept a group session", metadata: [
                    "groupSession": "\(session.id)", "member": "\(own.memberID)", "error.type": "\(type(of: error))",
                ])
            }
        }
        return changed
    }
}

/// What one erasure did in the exchange database (a repeat answers zeros where nothing was left).
public struct ErasureReport: Sendable, Hashable, Codable {
    public var memberID: MemberID
    public var networksLeft: Int
    public var exchangesCancelled: Int
    public var groupSessionsLeft: Int
    public var tally: ErasureTally
    public var urgentRequests: Int
}
