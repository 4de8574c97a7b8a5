import Foundation

/// One session as a calendar event (RFC 5545 VEVENT): a one-to-one session's invite, its
/// cancellation, or a line of a member's calendar feed. Nothing here is what someone asked for
/// help with: the summary and description say who and how to meet, never a request's words.
public struct CalendarEvent: Sendable, Hashable {
    /// Stable per session, the same in every invite and the feed: "exchange-42@peerhours".
    public var uid: String
    /// Raised on each change of the session (RFC 5546: a later invite replaces an earlier one).
    public var sequence: Int
    public var start: Date
    public var end: Date
    /// The recipient's zone: the times are written as `DTSTART;TZID=…` with a VTIMEZONE for it
    /// (UTC is written as UTC, with none).
    public var timeZone: TimeZone
    public var summary: String
    public var description: String
    public var location: String?
    public var url: String?
    public var organizer: MailAddress?
    public var attendees: [MailAddress]
    /// `STATUS:CANCELLED` (with `METHOD:CANCEL` for an invite); `STATUS:CONFIRMED` otherwise.
    public var cancelled: Bool

    public init(
        uid: String, sequence: Int, start: Date, end: Date, timeZone: TimeZone, summary: String, description: String,
        location: String? = nil, url: String? = nil, organizer: MailAddress? = nil, attendees: [MailAddress] = [],
        cancelled: Bool = false
    ) {
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.organizer = organizer
        self.attendees = attendees
        self.cancelled = cancelled
    }
}
