import Foundation
import Outbox

/// Where a recipient is written to, and in which words and zone.
public struct NoticeRecipientFacts: Sendable, Hashable {
    public var email: String
    public var name: String?
    public var timeZone: TimeZone
    public var languageTag: String

    public init(email: String, name: String?, timeZone: TimeZone, languageTag: String) {
        self.email = email
        self.name = name
        self.timeZone = timeZone
        self.languageTag = languageTag
    }
}

/// What the delivery service reads when it sends a notice: who the people and networks a notice
/// names are now (never stored in the outbox, so an erased member is never written to or named),
/// and what each member chose to get. The service itself reads it: no actor, no audit.
public protocol NoticeDirectory: Sendable {
    /// Nil when the member has no address any more (no account, or erased).
    func recipient(memberID: Int64) async throws -> NoticeRecipientFacts?
    func memberName(_ memberID: Int64) async throws -> String?
    func networkName(_ networkID: Int64) async throws -> String?
    func frequency(memberID: Int64, category: NoticeCategory) async throws -> NoticeFrequency
}
