import Foundation
import Ledger

/// One line of a member's calendar feed: when, how long, and with whom; never what the session
/// is about (no request, description, title or message).
public struct CalendarFeedSession: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A one-to-one session; `otherName` is the other person's.
        case exchange
        /// A group session the member joined; `otherName` is the facilitator's.
        case groupSession = "group-session"
        /// A group session the member leads; `otherName` is nil.
        case groupSessionLed = "group-session-led"
    }

    public var kind: Kind
    /// The exchange's or the group session's id.
    public var id: Int64
    public var start: Date
    public var durationMinutes: Int64
    /// Raised on each change of the session (its stored version): the event's SEQUENCE.
    public var version: Int64
    public var completed: Bool
    public var otherName: String?

    public init(kind: Kind, id: Int64, start: Date, durationMinutes: Int64, version: Int64, completed: Bool, otherName: String?) {
        self.kind = kind
        self.id = id
        self.start = start
        self.durationMinutes = durationMinutes
        self.version = version
        self.completed = completed
        self.otherName = otherName
    }

    /// Stable for the session, in every feed and invite: "exchange-42@peerhours",
    /// "group-session-7@peerhours".
    public var uid: String {
        (kind == .exchange ? "exchange-" : "group-session-") + "\(id)@peerhours"
    }

    public var end: Date { start.addingTimeInterval(TimeInterval(durationMinutes * 60)) }
}

/// What a feed's token opens: whose feed, in which zone and language, and their sessions.
public struct CalendarFeed: Sendable, Hashable {
    public var memberID: MemberID
    /// The member's zone (`MemberSettings`): the feed's times are written in it.
    public var timeZone: String
    public var language: String?
    public var sessions: [CalendarFeedSession]

    public init(memberID: MemberID, timeZone: String, language: String?, sessions: [CalendarFeedSession]) {
        self.memberID = memberID
        self.timeZone = timeZone
        self.language = language
        self.sessions = sessions
    }
}
