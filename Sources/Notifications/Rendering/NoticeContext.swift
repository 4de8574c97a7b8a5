import Foundation
import Outbox

/// Everything a notice's words need, resolved by the delivery service when it sends the notice:
/// names are read then (never stored in the outbox), times are shown in the recipient's zone.
/// Nothing here is what someone asked for help with: no description, no message text.
public struct NoticeContext: Sendable, Hashable {
    public var kind: NoticeKind
    /// How the recipient is greeted ("Siân Evans"); nil for an invitee, who has no name here yet.
    public var recipientName: String?
    /// The recipient's zone and language tag ("Europe/London", "en-GB").
    public var timeZone: TimeZone
    public var languageTag: String
    public var networkName: String?
    /// The other person the notice is about: the proposer, the supporter, the inviter, the
    /// member awaiting approval, the other party of a dispute, the partner network's name for
    /// agreements …
    public var otherName: String?
    /// The session's start and length, when the notice is about one.
    public var startsAt: Date?
    public var durationMinutes: Int?
    /// How to meet: "Video call", "Phone", "In person: Leeds" (the offer's mode and place, never
    /// a description).
    public var meetingWay: String?
    /// The page to act on or read, absolute ("https://peerhours.example/exchanges/42").
    public var link: String
    /// When the link stops working (invitations, password resets).
    public var linkExpiresAt: Date?
    /// For optional kinds: the one-click unsubscribe page (also sent as List-Unsubscribe).
    public var unsubscribeLink: String?
    /// Where the recipient changes which emails they get ("…/account/settings#emails").
    public var settingsLink: String?
    /// Lines of a daily summary, weekly digest or coordinators' weekly summary, each with its page.
    public var items: [NoticeItem]

    public init(
        kind: NoticeKind, recipientName: String?, timeZone: TimeZone, languageTag: String = "en-GB",
        networkName: String? = nil, otherName: String? = nil, startsAt: Date? = nil, durationMinutes: Int? = nil,
        meetingWay: String? = nil, link: String, linkExpiresAt: Date? = nil, unsubscribeLink: String? = nil,
        settingsLink: String? = nil, items: [NoticeItem] = []
    ) {
        self.kind = kind
        self.recipientName = recipientName
        self.timeZone = timeZone
        self.languageTag = languageTag
        self.networkName = networkName
        self.otherName = otherName
        self.startsAt = startsAt
        self.durationMinutes = durationMinutes
        self.meetingWay = meetingWay
        self.link = link
        self.linkExpiresAt = linkExpiresAt
        self.unsubscribeLink = unsubscribeLink
        self.settingsLink = settingsLink
        self.items = items
    }
}

/// One line of a summary: plain words (already free of private text) and the page it links to.
public struct NoticeItem: Sendable, Hashable {
    public var text: String
    public var link: String

    public init(text: String, link: String) {
        self.text = text
        self.link = link
    }
}

/// A notice in words: the subject, and the same content as plain text and as HTML (every value
/// escaped). `MailComposer` makes it a multipart/alternative message.
public struct RenderedNotice: Sendable, Hashable {
    public var subject: String
    public var text: String
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
