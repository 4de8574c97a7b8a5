import Exchange
import Foundation
import GRDB
import SQLiteSupport

/// The counts an `ExchangeCommitCheck` needs, read inside the write transaction that stores the
/// exchange (`BEGIN IMMEDIATE`: no other connection, of this process or another, commits until
/// it ends), and its refusal thrown there, so the write's savepoint rolls back alone.
extension SQLiteExchangeStore {
    static func enforce(_ check: ExchangeCommitCheck, _ db: Database, excluding exchangeID: ExchangeID?) throws {
        guard !check.isEmpty else { return }
        let counts = try commitCounts(check, db, excluding: exchangeID?.rawValue ?? 0)
        if let refusal = check.refusal(counts) { throw refusal }
    }

    private static func commitCounts(_ check: ExchangeCommitCheck, _ db: Database, excluding id: Int64) throws -> ExchangeCommitCheck.Counts {
        var counts = ExchangeCommitCheck.Counts()
        if let capacity = check.offerCapacity {
            counts.bookedMinutes = try bookedMinutes(db, offerID: capacity.offerID, from: capacity.from, before: capacity.before,
                                                     excluding: ExchangeID(id))
        }
        if let pair = check.openPair,
           let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, status FROM exchanges WHERE request_id = ? AND offer_id = ? AND id <> ? AND \(unsettledCondition)
                ORDER BY id LIMIT 1
                """), arguments: [pair.requestID.rawValue, pair.offerID.rawValue, id]) {
            let read = RowReader(row: row, table: "exchanges")
            counts.openExchange = (ExchangeID(try read.int64("id")), try read.enumeration("status", as: ExchangeStatus.self))
        }
        if let quota = check.agreementQuota {
            counts.agreementSessions = try Int.fetchOne(db.cachedStatement(sql: quota.countsProposals ? quotaAtProposalSQL : quotaAtAcceptanceSQL),
                arguments: [quota.agreementID.rawValue, quota.requesterNetworkID.rawValue, Stored.seconds(quota.from),
                            Stored.seconds(quota.before), id]) ?? 0
        }
        return counts
    }

    private static let quotaSessions = """
        SELECT count(*) FROM exchanges WHERE agreement_id = ? AND network_id = ? AND scheduled_start >= ?
            AND scheduled_start < ? AND id <> ? AND
        """
    /// Every session but those declined, cancelled or expired.
    static let quotaAtProposalSQL = quotaSessions + " status IN ('proposed', 'accepted', 'disputed', 'completed')"
    /// Sessions agreed: accepted or later, or proposed with their reservation stored to send
    /// (an acceptance claimed by this or another instance, its ledger call under way).
    static let quotaAtAcceptanceSQL = quotaSessions
        + #" (status IN ('accepted', 'disputed', 'completed') OR (status = 'proposed' AND pending_action LIKE '{"reserve"%'))"#
}
