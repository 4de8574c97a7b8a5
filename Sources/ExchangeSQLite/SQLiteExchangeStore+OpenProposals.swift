import Exchange
import Foundation
import GRDB
import SQLiteSupport

/// What stands open on a request: its exchanges not yet ended and its undecided matching
/// proposals (a request has at most one open exchange per offer).
extension SQLiteExchangeStore {
    public func openPairs(requestIDs: [RequestID]) async throws -> [RequestOfferPair] {
        guard !requestIDs.isEmpty else { return [] }
        let ids = Stored.json(requestIDs.map(\.rawValue))
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT request_id, offer_id FROM exchanges
                    WHERE request_id IN (SELECT value FROM json_each(?1)) AND \(Self.unsettledCondition)
                UNION
                SELECT request_id, offer_id FROM matching_proposals
                    WHERE request_id IN (SELECT value FROM json_each(?1)) AND status = 'open'
                """, arguments: [ids]).map { row in
                let read = RowReader(row: row, table: "exchanges")
                return RequestOfferPair(requestID: RequestID(try read.int64("request_id")),
                                        offerID: OfferID(try read.int64("offer_id")))
            }
        }
    }
}
