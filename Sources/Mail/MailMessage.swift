import Foundation

/// An address with an optional display name ("Siân Evans <sian@example.org>").
public struct MailAddress: Sendable, Hashable {
    public var address: String
    public var displayName: String?

    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }
}

/// An iCalendar object sent with a message (RFC 6047: `text/calendar; method=…`).
public struct CalendarAttachment: Sendable, Hashable {
    /// "REQUEST" or "CANCEL"; the same as the object's own METHOD.
    public var method: String
    /// The whole VCALENDAR text, lines ending CRLF (RFC 5545).
    public var text: String

    public init(method: String, text: String) {
        self.method = method
        self.text = text
    }
}

/// One email as the service means it; `MailComposer` turns it into RFC 5322 bytes
/// (multipart/alternative of plain text and HTML, the calendar as a third part when present).
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    /// With its angle brackets: "<peerhours.exchange.42@peerhours.example>".
    public var messageID: String
    public var date: Date
    public var textBody: String
    public var htmlBody: String
    public var calendar: CalendarAttachment?
    /// `Auto-Submitted: auto-generated` (RFC 3834): every notice the service sends carries it.
    public var autoSubmitted: Bool
    /// For optional messages: the one-click unsubscribe URL (RFC 8058), sent as
    /// `List-Unsubscribe: <url>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    public var unsubscribeURL: String?

    public init(
        from: MailAddress, to: MailAddress, subject: String, messageID: String, date: Date, textBody: String,
        htmlBody: String, calendar: CalendarAttachment? = nil, autoSubmitted: Bool = true, unsubscribeURL: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.date = date
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.calendar = calendar
        self.autoSubmitted = autoSubmitted
        self.unsubscribeURL = unsubscribeURL
    }
}
