import Foundation
import Ledger
import Outbox

/// What a stored change of an agreement tells whom (pure): a proposal → the partner network's
/// coordinators; an acceptance or an end → both networks' coordinators. The coordinator who
/// acted is not told. Each coordinator's notice names the other network and links their own
/// network's page of the agreement.
public enum AgreementNotices {
    /// The event a change is (nil: nobody is told). `before` is nil for a new agreement.
    public static func kind(from before: Agreement?, to after: Agreement) -> NoticeKind? {
        guard let before else { return after.status == .proposed ? .agreementProposed : nil }
        switch (before.status, after.status) {
        case (.proposed, .active): return .agreementAccepted
        case (let from, .ended) where from != .ended: return .agreementEnded
        default: return nil
        }
    }

    /// The networks whose coordinators a notice of `kind` goes to.
    public static func networks(of kind: NoticeKind, _ agreement: Agreement) -> [NetworkID] {
        kind == .agreementProposed ? [agreement.partnerNetworkID] : [agreement.proposerNetworkID, agreement.partnerNetworkID]
    }

    public static func drafts(_ kind: NoticeKind, _ agreement: Agreement, actorID: MemberID,
                              coordinators: [NoticeCoordinator]) -> [OutboxDraft] {
        let told = NoticeRecipients.coordinators(coordinators, excluding: [actorID], limit: OutboxLimits.draftsPerChangeMax)
        return told.map { coordinator in
            let partner = coordinator.networkID == agreement.proposerNetworkID
                ? agreement.partnerNetworkID : agreement.proposerNetworkID
            return OutboxDraft(
                kind: kind, recipient: .member(coordinator.memberID.rawValue), networkID: coordinator.networkID.rawValue,
                subjectID: agreement.id.rawValue,
                facts: [
                    NoticeFacts.partnerNetworkID: String(partner.rawValue),
                    NoticeFacts.actorMemberID: String(actorID.rawValue),
                    NoticeFacts.recipientRole: "coordinator",
                    NoticeFacts.startsAt: NoticeFacts.timestamp(agreement.terms.startsOn),
                    NoticeFacts.sequence: String(agreement.version),
                    OutboxDraft.pathFact: "/coordinate/networks/\(coordinator.networkID.rawValue)/agreements/\(agreement.id.rawValue)",
                ])
        }
    }
}
