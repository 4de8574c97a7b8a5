import Exchange
import Foundation
import Ledger
import Outbox
import PostgresNIO
import PostgresSupport

/// The reminders' scans and their writes, as `SQLiteExchangeStore+Reminders`.
extension PostgresExchangeStore {
    public func acceptedExchanges(startingFrom from: Date, before: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        precondition(limit > 0 && limit <= 1_000)
        return try await restRows("""
            \(unescaped: Self.selectExchangeColumns) WHERE \(unescaped: Self.unsettledCondition)
                AND id > \(afterID?.rawValue ?? 0) AND status = 'accepted'
                AND scheduled_start >= \(RestSQL.seconds(from)) AND scheduled_start < \(RestSQL.seconds(before))
            ORDER BY id LIMIT \(limit)
            """).map(Self.exchange)
    }

    public func unconfirmedExchanges(endedFrom from: Date, before: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        precondition(limit > 0 && limit <= 1_000)
        return try await restRows("""
            \(unescaped: Self.selectExchangeColumns) WHERE \(unescaped: Self.unsettledCondition)
                AND id > \(afterID?.rawValue ?? 0) AND status = 'accepted'
                AND (requester_confirmed_minutes IS NULL OR supporter_confirmed_minutes IS NULL)
                AND scheduled_start + duration_minutes * 60 >= \(RestSQL.seconds(from))
                AND scheduled_start + duration_minutes * 60 < \(RestSQL.seconds(before))
            ORDER BY id LIMIT \(limit)
            """).map(Self.exchange)
    }

    public func insertScheduledNotices(_ drafts: [OutboxDraft], at now: Date) async throws -> Int {
        precondition(drafts.allSatisfy { $0.dedupeKey != nil }, "a scan's reminders are deduplicated")
        precondition(drafts.count <= 1_000, "a page of reminders")
        guard !drafts.isEmpty else { return 0 }
        return try await restWrite { connection, logger in
            var stored = 0
            for start in stride(from: 0, to: drafts.count, by: OutboxLimits.draftsPerChangeMax) {
                let chunk = drafts[start..<min(start + OutboxLimits.draftsPerChangeMax, drafts.count)]
                stored += try await PostgresOutboxTable.insert(connection, Array(chunk), at: now, logger: logger)
            }
            return stored
        }
    }
}
