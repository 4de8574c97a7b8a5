import Exchange
import Foundation
import PostgresNIO
import PostgresSupport

/// What stands open on a request: its exchanges not yet ended and its undecided matching
/// proposals (a request has at most one open exchange per offer).
extension PostgresExchangeStore {
    public func openPairs(requestIDs: [RequestID]) async throws -> [RequestOfferPair] {
        guard !requestIDs.isEmpty else { return [] }
        let ids = requestIDs.map(\.rawValue)
        return try await restRows("""
            SELECT request_id, offer_id FROM exchanges
                WHERE request_id = ANY(\(ids)) AND \(unescaped: Self.unsettledCondition)
            UNION
            SELECT request_id, offer_id FROM matching_proposals WHERE request_id = ANY(\(ids)) AND status = 'open'
            """).map { row in
            let read = RestReader(row, table: "exchanges")
            return RequestOfferPair(requestID: RequestID(try read.int64("request_id")), offerID: OfferID(try read.int64("offer_id")))
        }
    }
}
