import Exchange
import Foundation
import GRDB
import Ledger
import Outbox
import SQLiteSupport

/// The reminders' scans and their writes. Both scans walk the partial index of unsettled
/// exchanges (`exchanges_unsettled`, by id), so a scan costs the unsettled exchanges, not all.
extension SQLiteExchangeStore {
    public func acceptedExchanges(startingFrom from: Date, before: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        precondition(limit > 0 && limit <= 1_000)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                \(Self.selectExchangeColumns) WHERE \(Self.unsettledCondition) AND id > ? AND status = 'accepted'
                    AND scheduled_start >= ? AND scheduled_start < ?
                ORDER BY id LIMIT ?
                """, arguments: [afterID?.rawValue ?? 0, Stored.seconds(from), Stored.seconds(before), limit]
            ).map(Self.exchange)
        }
    }

    public func unconfirmedExchanges(endedFrom from: Date, before: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        precondition(limit > 0 && limit <= 1_000)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                \(Self.selectExchangeColumns) WHERE \(Self.unsettledCondition) AND id > ? AND status = 'accepted'
                    AND (requester_confirmed_minutes IS NULL OR supporter_confirmed_minutes IS NULL)
                    AND scheduled_start + duration_minutes * 60 >= ? AND scheduled_start + duration_minutes * 60 < ?
                ORDER BY id LIMIT ?
                """, arguments: [afterID?.rawValue ?? 0, Stored.seconds(from), Stored.seconds(before), limit]
            ).map(Self.exchange)
        }
    }

    public func insertScheduledNotices(_ drafts: [OutboxDraft], at now: Date) async throws -> Int {
        precondition(drafts.allSatisfy { $0.dedupeKey != nil }, "a scan's reminders are deduplicated")
        precondition(drafts.count <= 1_000, "a page of reminders")
        guard !drafts.isEmpty else { return 0 }
        return try await writer.write { db in
            var stored = 0
            for start in stride(from: 0, to: drafts.count, by: OutboxLimits.draftsPerChangeMax) {
                let chunk = drafts[start..<min(start + OutboxLimits.draftsPerChangeMax, drafts.count)]
                stored += try SQLiteOutboxTable.insert(db, Array(chunk), at: now)
            }
            return stored
        }
    }
}
