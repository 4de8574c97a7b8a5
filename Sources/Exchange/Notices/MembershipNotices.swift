import Foundation
import Ledger
import Outbox

/// What a stored membership change tells whom (pure). An invitation by a coordinator or an
/// administrator makes a membership wait for its approval: every other active coordinator of
/// the network is told (an invitation Identity verified is activated at once, so it tells
/// nobody). A coordinator's approval tells the member.
public enum MembershipNotices {
    public static func awaitingApproval(memberID: MemberID, networkID: NetworkID, actorID: MemberID,
                                        coordinatorIDs: [MemberID]) -> [OutboxDraft] {
        let told = NoticeRecipients.coordinators(
            coordinatorIDs.map { NoticeCoordinator(memberID: $0, networkID: networkID) },
            excluding: [memberID, actorID], limit: OutboxLimits.draftsPerChangeMax)
        return told.map { coordinator in
            OutboxDraft(
                kind: .membershipAwaitingApproval, recipient: .member(coordinator.memberID.rawValue),
                networkID: networkID.rawValue, subjectID: memberID.rawValue,
                facts: [
                    NoticeFacts.memberID: String(memberID.rawValue),
                    NoticeFacts.actorMemberID: String(actorID.rawValue),
                    NoticeFacts.recipientRole: "coordinator",
                    OutboxDraft.pathFact: "/coordinate/networks/\(networkID.rawValue)",
                ])
        }
    }

    /// The member, when `actorID` (not the member) approved their invited membership.
    public static func approved(from before: Membership, to after: Membership, actorID: MemberID) -> [OutboxDraft] {
        guard before.status == .invited, after.status == .active, actorID != after.memberID else { return [] }
        return [OutboxDraft(
            kind: .membershipApproved, recipient: .member(after.memberID.rawValue), networkID: after.networkID.rawValue,
            subjectID: after.memberID.rawValue,
            facts: [NoticeFacts.actorMemberID: String(actorID.rawValue), NoticeFacts.recipientRole: "member"])]
    }
}
