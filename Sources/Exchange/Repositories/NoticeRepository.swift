import Foundation
import Outbox

/// Notices decided by a scan rather than by a change (weekly summaries): written into the exchange
/// database's outbox on their own, each once (their dedupe key).
public protocol NoticeRepository: Sendable {
    /// Stores `drafts` in one transaction, skipping those whose dedupe key is stored; answers how
    /// many were stored.
    func insertNotices(_ drafts: [OutboxDraft], at: Date) async throws -> Int
}
