import Foundation
import Ledger

/// Each member's own preferences (language, time zone): one row per member who changed them.
/// Read by the member themself only (the pages' words and times, and later email notifications).
public protocol MemberSettingsRepository: Sendable {
    /// The member's stored settings; nil when they never changed them.
    func memberSettings(_ memberID: MemberID) async throws -> MemberSettings?
    /// Stores `settings` over any earlier ones.
    func setMemberSettings(_ memberID: MemberID, _ settings: MemberSettings) async throws
}
