import Foundation
import Ledger
import Outbox

/// Who is told what about an urgent request (pure). Never the note or the contact, and never
/// who asked: an email is not a private channel, so a lead's or coordinator's message says only
/// that someone in the network is waiting, and links to the page that says who (for leads).
public enum UrgentNotices {
    /// The page a lead reads a request on.
    public static func leadPath(_ id: UrgentRequestID) -> String { "/wellbeing/urgent/\(id.rawValue)" }
    /// The page a coordinator appoints leads on.
    public static func coordinatorPath(_ networkID: NetworkID) -> String { "/coordinate/networks/\(networkID.rawValue)/wellbeing" }
    /// The member's own page.
    public static let memberPath = "/urgent"

    /// A new request: every lead of the network but the member.
    static func raised(_ request: UrgentRequest, leads: [MemberID]) -> [OutboxDraft] {
        leads.filter { $0 != request.memberID }.prefix(OutboxLimits.draftsPerChangeMax).map {
            draft(.urgentRaised, request, to: $0, role: "lead", path: leadPath(request.id))
        }
    }

    /// Not acknowledged in time (or no lead to take it): every lead and every coordinator but
    /// the member, each once (a lead who coordinates is told as a lead).
    static func escalated(_ request: UrgentRequest, leads: [MemberID], coordinators: [MemberID]) -> [OutboxDraft] {
        var seen: Set<MemberID> = [request.memberID]
        var drafts: [OutboxDraft] = []
        for lead in leads where drafts.count < OutboxLimits.draftsPerChangeMax && seen.insert(lead).inserted {
            drafts.append(draft(.urgentEscalated, request, to: lead, role: "lead", path: leadPath(request.id)))
        }
        for coordinator in coordinators where drafts.count < OutboxLimits.draftsPerChangeMax && seen.insert(coordinator).inserted {
            drafts.append(draft(.urgentEscalated, request, to: coordinator, role: "coordinator",
                                path: coordinatorPath(request.networkID)))
        }
        return drafts
    }

    /// A lead took it: the member is told, with the lead's name (read when sent).
    static func acknowledged(_ request: UrgentRequest) -> [OutboxDraft] {
        guard let lead = request.leadID else { preconditionFailure("an acknowledged request has its lead") }
        var notice = draft(.urgentAcknowledged, request, to: request.memberID, role: "member", path: memberPath)
        notice.facts[NoticeFacts.actorMemberID] = String(lead.rawValue)
        return [notice]
    }

    private static func draft(_ kind: NoticeKind, _ request: UrgentRequest, to recipient: MemberID, role: String,
                              path: String) -> OutboxDraft {
        OutboxDraft(kind: kind, recipient: .member(recipient.rawValue), networkID: request.networkID.rawValue,
                    subjectID: request.id.rawValue,
                    facts: [NoticeFacts.recipientRole: role, OutboxDraft.pathFact: path])
    }
}
