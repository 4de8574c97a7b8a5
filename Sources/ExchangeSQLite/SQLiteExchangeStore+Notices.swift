import Exchange
import Foundation
import GRDB
import Outbox
import SQLiteSupport

extension SQLiteExchangeStore {
    public func insertNotices(_ drafts: [OutboxDraft], at: Date) async throws -> Int {
        precondition(drafts.count <= OutboxLimits.draftsPerChangeMax)
        return try await pool.write { db in try SQLiteOutboxTable.insert(db, drafts, at: at) }
    }
}
