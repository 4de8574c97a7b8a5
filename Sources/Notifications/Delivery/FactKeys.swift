import Foundation
import Outbox

/// How the delivery service reads a draft's facts (the keys the domain writes, `Outbox.NoticeFacts`).
enum FactKeys {
    static let startsAt = "startsAt"
    static let endsAt = "endsAt"
    static let durationMinutes = "durationMinutes"
    static let otherMemberID = "otherMemberID"
    static let invitedByMemberID = "invitedByMemberID"
    static let actorMemberID = "actorMemberID"
    static let partnerNetworkID = "partnerNetworkID"
    static let sequence = "sequence"
    static let meetingMode = "meetingMode"
    static let meetingPlace = "meetingPlace"
    /// "true" on a cancellation of a session that had been agreed: its calendar entry is cancelled.
    static let wasAccepted = "wasAccepted"

    static func date(from text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// "Video call", "Phone", "In person: Leeds": the way the session happens, never its subject.
    static func meetingWay(_ facts: [String: String]) -> String? {
        guard let mode = facts[meetingMode] else { return nil }
        let words: String
        switch mode {
        case "video": words = "Video call"
        case "phone": words = "Phone call"
        case "in_person", "inPerson", "in-person": words = "In person"
        default: words = mode.replacingOccurrences(of: "_", with: " ").capitalized
        }
        if let place = facts[meetingPlace], !place.isEmpty { return "\(words): \(place)" }
        return words
    }
}

/// The page each kind links to when its draft names none (`OutboxDraft.pathFact`).
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
        case .invitation, .invitationResent, .passwordReset, .membershipApproved, .memberWeeklyDigest, .dailySummary:
            return "/"
        }
    }
}
