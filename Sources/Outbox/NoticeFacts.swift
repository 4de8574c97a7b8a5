import Foundation

/// The keys of an `OutboxDraft`'s facts, and how their values are written. A fact is an id, a
/// time, a count or an enumeration's raw value: never free text a member wrote (no description,
/// title, place, reason or message). Names and addresses are read when the message is sent.
public enum NoticeFacts {
    /// When the session starts (RFC 3339, UTC: `NoticeFacts.timestamp`).
    public static let startsAt = "startsAt"
    /// How long the session lasts, in whole minutes.
    public static let durationMinutes = "durationMinutes"
    /// The other party of a one-to-one exchange, as seen by the recipient (a member id).
    public static let otherMemberID = "otherMemberID"
    /// The member whose action caused the notice (absent when the service acted on its own).
    public static let actorMemberID = "actorMemberID"
    /// The aggregate's version after the change: a calendar invite's `SEQUENCE`.
    public static let sequence = "sequence"
    /// How the session happens when the offer allows only one way (`SessionMode`'s raw value).
    public static let meetingMode = "meetingMode"
    /// Every way the offer allows, comma-separated raw values, when it allows more than one.
    public static let meetingModes = "meetingModes"
    /// The recipient's side: "requester", "supporter", "coordinator", "facilitator", "participant".
    public static let recipientRole = "recipientRole"
    /// "true" when the recipient is the one who accepted (an acceptance's two notices differ).
    public static let recipientAccepted = "recipientAccepted"
    /// "true" when the cancelled exchange had been accepted: the calendar entry is withdrawn.
    public static let wasAccepted = "wasAccepted"
    /// A disputed or resolved exchange's parties, for coordinators (member ids).
    public static let requesterMemberID = "requesterMemberID"
    public static let supporterMemberID = "supporterMemberID"
    /// How a dispute ended: the exchange's status afterwards ("completed", "cancelled").
    public static let outcome = "outcome"
    /// Minutes a completed exchange settled.
    public static let settledMinutes = "settledMinutes"
    /// The member a membership notice is about (a coordinator's approval to give).
    public static let memberID = "memberID"
    /// The other network of an agreement, as seen by the recipient's network.
    public static let partnerNetworkID = "partnerNetworkID"
    /// The participant who joined a group session.
    public static let participantMemberID = "participantMemberID"

    /// The values' boolean spelling.
    public static func flag(_ value: Bool) -> String { value ? "true" : "false" }

    /// A time as the facts write it: RFC 3339 in UTC, whole seconds ("2026-12-03T09:30:00Z").
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// A time the facts hold, read back (`timestamp`'s form, or RFC 3339 with fractions); nil
    /// when the text is not one.
    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
