/// What a notification is about. The raw value is stored in the outbox (`outbox.kind`) and names
/// the message's words, so a kind is never renamed once released.
///
/// Email is not a private channel: no kind carries what someone asked for help with, a
/// description, or a message between members. A message says who and when, and links to the page.
public enum NoticeKind: String, Sendable, Hashable, Codable, CaseIterable {
    // Identity: sent to an address (the person may have no account yet).
    case invitation = "invitation"
    case invitationResent = "invitation.resent"
    case passwordReset = "password.reset"
    // Memberships.
    case membershipAwaitingApproval = "membership.awaiting_approval"  // to the network's coordinators
    case membershipApproved = "membership.approved"
    // Exchanges (one-to-one sessions).
    case exchangeProposed = "exchange.proposed"  // to the supporter
    case exchangeAccepted = "exchange.accepted"  // to the proposer; carries the calendar invite
    case exchangeDeclined = "exchange.declined"  // to the proposer
    case exchangeCancelled = "exchange.cancelled"  // to the other party; calendar CANCEL when it was accepted
    case exchangeStartingTomorrow = "exchange.starting_tomorrow"  // to both
    case exchangePleaseConfirm = "exchange.please_confirm"  // after the session, to whoever has not
    case exchangeAutoConfirmed = "exchange.auto_confirmed"  // to both
    case exchangeDisputed = "exchange.disputed"  // to both and the network's coordinators
    case exchangeResolved = "exchange.resolved"  // to both and the network's coordinators
    case exchangeMessage = "exchange.message"  // at most one per thread per hour, never the text
    // Group sessions.
    case groupSessionJoined = "group_session.joined"  // to the facilitator
    case groupSessionChanged = "group_session.changed"  // to every participant
    case groupSessionCancelled = "group_session.cancelled"
    case groupSessionCompleted = "group_session.completed"
    // Urgent support: never optional, never the note, the contact or who asked.
    case urgentRaised = "urgent.raised"  // to the network's wellbeing leads
    case urgentEscalated = "urgent.escalated"  // to the leads and the coordinators, when nobody took it in time
    case urgentAcknowledged = "urgent.acknowledged"  // to the member: a lead has seen it
    // Coordinators.
    case agreementProposed = "agreement.proposed"
    case agreementAccepted = "agreement.accepted"
    case agreementEnded = "agreement.ended"
    case coordinatorWeeklySummary = "coordinator.weekly_summary"
    // Members who opt in.
    case memberWeeklyDigest = "member.weekly_digest"
    /// Several optional notices a member chose to get once a day, in one message.
    case dailySummary = "member.daily_summary"

    /// The member's choice that governs this kind; nil for the kinds everyone gets (invitations,
    /// password resets, approvals, a session's proposal, answer, cancellation and disputes).
    public var category: NoticeCategory? {
        switch self {
        case .exchangeMessage: .messages
        case .exchangeStartingTomorrow, .exchangePleaseConfirm, .exchangeAutoConfirmed: .reminders
        case .groupSessionJoined, .groupSessionChanged, .groupSessionCompleted: .groupSessions
        case .memberWeeklyDigest: .weeklyDigest
        case .coordinatorWeeklySummary: .coordinatorSummary
        case .agreementProposed, .agreementAccepted, .agreementEnded: .agreements
        default: nil
        }
    }

    /// Sent by the service on its own (reminders, summaries), not in answer to someone's action
    /// that the recipient is waiting on: such messages carry `Auto-Submitted: auto-generated`.
    /// Every notice is machine-made, so every one carries it; the field exists for the words.
    public var isScheduled: Bool {
        switch self {
        case .exchangeStartingTomorrow, .exchangePleaseConfirm, .coordinatorWeeklySummary, .memberWeeklyDigest, .dailySummary:
            true
        default: false
        }
    }
}

/// The optional emails a member chooses to get, and how often (`NoticeFrequency`).
public enum NoticeCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case messages
    case reminders
    case groupSessions = "group_sessions"
    case agreements
    case weeklyDigest = "weekly_digest"
    case coordinatorSummary = "coordinator_summary"

    /// What a member gets before choosing: everything but the weekly digest, at once.
    public var defaultFrequency: NoticeFrequency {
        self == .weeklyDigest ? .never : .immediately
    }
}

public enum NoticeFrequency: String, Sendable, Hashable, Codable, CaseIterable {
    case immediately
    /// Gathered into one message a day (`NoticeKind.dailySummary`).
    case daily
    case never
}
