import Exchange
import Foundation
import Logging
import PostgresNIO

/// The counts an `ExchangeCommitCheck` needs, read inside the transaction that stores the
/// exchange, and its refusal thrown there so nothing is stored. SQLite counted under its one
/// writer (`BEGIN IMMEDIATE`); here several instances write at once, so the check first locks
/// the rows its limits hang on — the offer (its monthly hours, the request's one open exchange
/// on it) and the agreement (its monthly quota), in that order — and every other transaction
/// checking the same limit waits until this one commits. READ COMMITTED takes a fresh snapshot
/// for each statement, so the counts after the lock see what the previous holder committed.
extension PostgresExchangeStore {
    static func enforce(_ check: ExchangeCommitCheck, _ connection: PostgresConnection, excluding exchangeID: ExchangeID?,
                        logger: Logger) async throws {
        guard !check.isEmpty else { return }
        try await lockLimits(check, connection, logger: logger)
        let counts = try await commitCounts(check, connection, excluding: exchangeID?.rawValue ?? 0, logger: logger)
        if let refusal = check.refusal(counts) { throw refusal }
    }

    private static func lockLimits(_ check: ExchangeCommitCheck, _ connection: PostgresConnection, logger: Logger) async throws {
        let offerIDs = Set([check.offerCapacity?.offerID, check.openPair?.offerID].compactMap { $0?.rawValue }).sorted()
        for offerID in offerIDs {
            try await connection.query("SELECT id FROM offers WHERE id = \(offerID) FOR UPDATE", logger: logger)
        }
        if let quota = check.agreementQuota {
            try await connection.query("SELECT id FROM agreements WHERE id = \(quota.agreementID.rawValue) FOR UPDATE",
                                       logger: logger)
        }
    }

    private static func commitCounts(_ check: ExchangeCommitCheck, _ connection: PostgresConnection, excluding id: Int64,
                                     logger: Logger) async throws -> ExchangeCommitCheck.Counts {
        var counts = ExchangeCommitCheck.Counts()
        if let capacity = check.offerCapacity {
            counts.bookedMinutes = try await connection.scalar("""
                SELECT COALESCE(SUM(COALESCE(settled_minutes, duration_minutes)), 0)::bigint FROM exchanges
                WHERE offer_id = \(capacity.offerID.rawValue) AND scheduled_start >= \(PostgresStored.seconds(capacity.from))
                    AND scheduled_start < \(PostgresStored.seconds(capacity.before)) AND id <> \(id)
                    AND status IN ('proposed', 'accepted', 'disputed', 'completed')
                """, as: Int64.self, logger: logger) ?? 0
        }
        if let pair = check.openPair, let row = try await connection.fetchOne("""
            SELECT id, status FROM exchanges
            WHERE request_id = \(pair.requestID.rawValue) AND offer_id = \(pair.offerID.rawValue) AND id <> \(id)
                AND \(unescaped: unsettledCondition)
            ORDER BY id LIMIT 1
            """, logger: logger) {
            let read = PostgresRowReader(row, table: "exchanges")
            counts.openExchange = (ExchangeID(try read.int64("id")), try read.enumeration("status", as: ExchangeStatus.self))
        }
        if let quota = check.agreementQuota {
            let agreed = quota.countsProposals
                ? "status IN ('proposed', 'accepted', 'disputed', 'completed')"
                : #"(status IN ('accepted', 'disputed', 'completed') OR (status = 'proposed' AND pending_action LIKE '{"reserve"%'))"#
            let sessions = try await connection.scalar("""
                SELECT count(*) FROM exchanges
                WHERE agreement_id = \(quota.agreementID.rawValue) AND network_id = \(quota.requesterNetworkID.rawValue)
                    AND scheduled_start >= \(PostgresStored.seconds(quota.from))
                    AND scheduled_start < \(PostgresStored.seconds(quota.before)) AND id <> \(id) AND \(unescaped: agreed)
                """, as: Int64.self, logger: logger) ?? 0
            counts.agreementSessions = Int(sessions)
        }
        return counts
    }
}
