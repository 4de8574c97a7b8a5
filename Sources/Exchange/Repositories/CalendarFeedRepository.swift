import Foundation
import Ledger

/// Each member's private calendar feed: at most one secret token per member, stored as its
/// SHA-256 only, and the sessions the feed lists.
public protocol CalendarFeedRepository: Sendable {
    /// Stores `tokenHash` as the member's feed, replacing any earlier one (which stops working).
    /// `.notFound` when the member does not exist.
    func replaceCalendarFeed(memberID: MemberID, tokenHash: Data, at: Date) async throws
    /// Removes the member's feed; false when there was none.
    func deleteCalendarFeed(memberID: MemberID) async throws -> Bool
    /// When the member's current feed was made; nil when they have none.
    func calendarFeedCreatedAt(memberID: MemberID) async throws -> Date?
    /// The member whose feed has this token hash; nil when none has.
    func calendarFeedMember(tokenHash: Data) async throws -> MemberID?
    /// The member's accepted and completed one-to-one sessions, and the group sessions they lead
    /// or joined (scheduled or completed), starting in `[from, before)`, in order of start, at
    /// most `limit`.
    func calendarSessions(memberID: MemberID, from: Date, before: Date, limit: Int) async throws -> [CalendarFeedSession]
}
