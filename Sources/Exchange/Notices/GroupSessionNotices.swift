import Foundation
import Ledger
import Outbox

/// What a stored change of a group session tells whom (pure): a participant joined → the
/// facilitator; cancelled → every invited participant; completed → every participant who
/// joined; and the facilitator too when a coordinator cancelled or completed it. Never the
/// session's title (a member wrote it): ids, times and counts only.
public enum GroupSessionNotices {
    public static func drafts(from before: GroupSession, to after: GroupSession, version: Int64,
                              actorID: MemberID) -> [OutboxDraft] {
        precondition(before.id == after.id, "one session's change")
        var common = [
            NoticeFacts.startsAt: NoticeFacts.timestamp(after.scheduledStart),
            NoticeFacts.durationMinutes: String(after.durationMinutes),
            NoticeFacts.sequence: String(version),
            NoticeFacts.actorMemberID: String(actorID.rawValue),
            OutboxDraft.pathFact: "/groups/\(after.id.rawValue)",
        ]
        let kind: NoticeKind
        var recipients: [MemberID]
        switch (before.status, after.status) {
        case (.scheduled, .cancelled):
            kind = .groupSessionCancelled
            recipients = after.participantIDs
        case (.scheduled, .completed):
            kind = .groupSessionCompleted
            recipients = after.joinedParticipantIDs
        case (.scheduled, .scheduled):
            let joined = after.joinedParticipantIDs.filter { !before.joinedParticipantIDs.contains($0) }
            guard joined == [actorID] else { return [] }
            common[NoticeFacts.participantMemberID] = String(actorID.rawValue)
            return [draft(.groupSessionJoined, after, after.facilitatorID, role: "facilitator", common: common)]
        default:
            return []
        }
        recipients.removeAll { $0 == actorID }
        var drafts = recipients.prefix(OutboxLimits.draftsPerChangeMax - 1).map {
            draft(kind, after, $0, role: "participant", common: common)
        }
        if actorID != after.facilitatorID {
            drafts.append(draft(kind, after, after.facilitatorID, role: "facilitator", common: common))
        }
        return drafts
    }

    static func draft(_ kind: NoticeKind, _ session: GroupSession, _ recipient: MemberID, role: String,
                      common: [String: String]) -> OutboxDraft {
        var facts = common
        facts[NoticeFacts.recipientRole] = role
        return OutboxDraft(kind: kind, recipient: .member(recipient.rawValue), networkID: session.networkID.rawValue,
                           subjectID: session.id.rawValue, facts: facts)
    }
}
