import Outbox

/// The page a notice links to: its draft's own (`OutboxDraft.pathFact`, with `{secret}`
/// substituted), else the kind's usual page.
enum NoticeLinks {
    static func path(for draft: OutboxDraft) -> String {
        if var path = draft.facts[OutboxDraft.pathFact], path.hasPrefix("/") {
            if let secret = draft.secret { path = path.replacingOccurrences(of: "{secret}", with: secret) }
            return path
        }
        let subject = draft.subjectID.map(String.init) ?? ""
        let network = draft.networkID.map(String.init) ?? ""
        switch draft.kind {
        case .exchangeProposed, .exchangeAccepted, .exchangeDeclined, .exchangeCancelled, .exchangeStartingTomorrow,
             .exchangePleaseConfirm, .exchangeDisputed, .exchangeResolved:
            return "/sessions/\(subject)"
        case .exchangeMessage: return "/sessions/\(subject)/messages"
        case .exchangeAutoConfirmed, .groupSessionCompleted: return "/statement"
        case .groupSessionJoined, .groupSessionChanged, .groupSessionCancelled: return "/groups/\(subject)"
        case .membershipAwaitingApproval: return "/coordinate/networks/\(network)/follow-ups"
        case .agreementProposed, .agreementAccepted, .agreementEnded: return "/coordinate/networks/\(network)/agreements"
        case .coordinatorWeeklySummary: return "/coordinate/networks/\(network)"
        case .urgentRaised, .urgentEscalated: return "/wellbeing/urgent/\(subject)"
        case .urgentAcknowledged: return "/urgent"
        case .invitation, .invitationResent, .passwordReset, .membershipApproved, .memberWeeklyDigest, .dailySummary:
            return "/"
        }
    }
}
