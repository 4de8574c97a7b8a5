import Exchange
import Foundation
import Ledger
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

/// Urgent requests, as `SQLiteExchangeStore+Urgent`. The note and contact live in
/// `urgent_requests` only: no full-text index, no other table, no log (errors name a
/// constraint, never a value).
extension PostgresExchangeStore {
    static let restOpenUrgentCondition = "status IN ('waiting', 'acknowledged', 'arranged')"
    /// The unique partial index that holds "at most one open urgent request per member and
    /// network" across instances (SQLite's single writer also checked it first).
    static let restOneOpenUrgentIndex = "urgent_requests_one_open"
    static let restOpenUrgentRefusal = "you have an open urgent request in this network: a lead will answer it"

    public func insertUrgentRequest(_ draft: UrgentRequest, keyed: KeyedCreation?,
                                    notices: @escaping @Sendable (UrgentRequest) -> [OutboxDraft]) async throws -> UrgentRequest {
        do {
            return try await restWrite { connection, logger in
                let open = try await Self.restValue(connection, """
                    SELECT EXISTS (SELECT 1 FROM urgent_requests
                        WHERE member_id = \(draft.memberID.rawValue) AND network_id = \(draft.networkID.rawValue)
                          AND \(unescaped: Self.restOpenUrgentCondition))
                    """, as: Bool.self, logger: logger) ?? false
                guard !open else { throw ExchangeError.invalidState(Self.restOpenUrgentRefusal) }
                var request = draft
                request.version = 1
                guard let id = try await Self.restValue(connection, """
                    INSERT INTO urgent_requests (network_id, member_id, note, contact, status, raised_at, escalated_at, version)
                    VALUES (\(request.networkID.rawValue), \(request.memberID.rawValue), \(request.note), \(request.contact),
                            \(request.status.rawValue), \(RestSQL.seconds(request.raisedAt)), \(RestSQL.seconds(request.escalatedAt)),
                            \(request.version))
                    RETURNING id
                    """, as: Int64.self, logger: logger) else { throw RestMalformedRow(table: "urgent_requests", column: "id") }
                request.id = UrgentRequestID(id)
                try await Self.record(connection, keyed, resourceID: request.id.rawValue, logger: logger)
                try await PostgresOutboxTable.insert(connection, notices(request), at: request.raisedAt, logger: logger)
                return request
            }
        } catch where PostgresErrors.isUniqueViolation(error) {
            // Another instance's insert committed between this one's check and its insert.
            if (error as? PSQLError)?.serverInfo?[.constraintName] == Self.restOneOpenUrgentIndex {
                throw ExchangeError.invalidState(Self.restOpenUrgentRefusal)
            }
            throw ExchangeError.conflict(Self.keyTakenConflict)
        }
    }

    public func urgentRequest(_ id: UrgentRequestID) async throws -> UrgentRequest? {
        try await restRows("SELECT * FROM urgent_requests WHERE id = \(id.rawValue)").first.map(Self.urgentRequest)
    }

    public func updateUrgentRequest(_ request: UrgentRequest, audit: [AuditEvent], notices: [OutboxDraft], at now: Date) async throws
        -> UrgentRequest
    {
        try await restWrite { connection, logger in
            var next = request
            next.version = request.version + 1
            var pending = false
            if next.status == .closed, next.heldMinutes != nil, next.paymentTransferID == nil {
                next.paymentTransferID = TransferID(try await Self.allocate(connection, "transfer", count: 2, logger: logger))
                pending = true
            }
            let transfer = next.paymentTransferID?.rawValue
            let changed = try await Self.restChanged(connection, """
                UPDATE urgent_requests SET status = \(next.status.rawValue), acknowledged_at = \(RestSQL.seconds(next.acknowledgedAt)),
                    lead_id = \(next.leadID?.rawValue), conversation_at = \(RestSQL.seconds(next.conversationAt)),
                    escalated_at = \(RestSQL.seconds(next.escalatedAt)), closed_at = \(RestSQL.seconds(next.closedAt)),
                    held_minutes = \(next.heldMinutes), payment_transfer_id = \(transfer),
                    payment_pending = CASE WHEN \(pending) THEN 1 WHEN \(transfer)::BIGINT IS NULL THEN 0 ELSE payment_pending END,
                    version = \(next.version)
                WHERE id = \(request.id.rawValue) AND version = \(request.version)
                RETURNING id
                """, logger: logger)
            guard changed == 1 else { throw ConflictRetry.versionConflict("urgent request") }
            try await Self.appendAudit(connection, audit, logger: logger)
            try await PostgresOutboxTable.insert(connection, notices, at: now, logger: logger)
            return next
        }
    }

    public func markUrgentPaymentSubmitted(_ id: UrgentRequestID) async throws {
        try await restWrite { connection, logger in
            try await Self.restChanged(
                connection, "UPDATE urgent_requests SET payment_pending = 0 WHERE id = \(id.rawValue) RETURNING id", logger: logger)
        }
    }

    public func urgentRequestsAwaitingPayment(limit: Int) async throws -> [UrgentRequest] {
        try await restRows("SELECT * FROM urgent_requests WHERE payment_pending = 1 ORDER BY id LIMIT \(limit)")
            .map(Self.urgentRequest)
    }

    public func urgentRequests(raisedBy memberID: MemberID, limit: Int) async throws -> [UrgentRequest] {
        try await restRows("""
            SELECT * FROM urgent_requests WHERE member_id = \(memberID.rawValue) ORDER BY id DESC LIMIT \(limit)
            """).map(Self.urgentRequest)
    }

    public func openUrgentRequests(networkID: NetworkID, limit: Int) async throws -> [UrgentRequest] {
        try await restRows("""
            SELECT * FROM urgent_requests WHERE network_id = \(networkID.rawValue) AND \(unescaped: Self.restOpenUrgentCondition)
            ORDER BY raised_at, id LIMIT \(limit)
            """).map(Self.urgentRequest)
    }

    public func endedUrgentRequests(networkID: NetworkID, limit: Int) async throws -> [UrgentRequest] {
        try await restRows("""
            SELECT * FROM urgent_requests WHERE network_id = \(networkID.rawValue) AND closed_at IS NOT NULL
            ORDER BY closed_at DESC, id DESC LIMIT \(limit)
            """).map(Self.urgentRequest)
    }

    public func unescalatedUrgentRequests(afterID: UrgentRequestID?, limit: Int) async throws -> [UrgentRequest] {
        try await restRows("""
            SELECT * FROM urgent_requests WHERE status = 'waiting' AND escalated_at IS NULL AND id > \(afterID?.rawValue ?? 0)
            ORDER BY id LIMIT \(limit)
            """).map(Self.urgentRequest)
    }

    public func eraseUrgentData(of memberID: MemberID, at now: Date) async throws -> Int {
        try await restWrite { connection, logger in
            try await Self.restEraseUrgentData(connection, memberID.rawValue, at: now, logger: logger)
        }
    }

    /// The member's notes and contacts go, their open requests are withdrawn, and they are no
    /// longer a lead anywhere; answers the urgent requests changed.
    static func restEraseUrgentData(_ connection: PostgresConnection, _ member: Int64, at now: Date, logger: Logger) async throws -> Int {
        let changed = try await restChanged(connection, """
            UPDATE urgent_requests SET note = NULL, contact = NULL,
                status = CASE WHEN \(unescaped: restOpenUrgentCondition) THEN 'withdrawn' ELSE status END,
                closed_at = COALESCE(closed_at, \(RestSQL.seconds(now))), version = version + 1
            WHERE member_id = \(member) AND (note IS NOT NULL OR contact IS NOT NULL OR \(unescaped: restOpenUrgentCondition))
            RETURNING id
            """, logger: logger)
        try await restChanged(connection, "DELETE FROM wellbeing_leads WHERE member_id = \(member) RETURNING member_id", logger: logger)
        return changed
    }

    public func clearUrgentNotes(networkID: NetworkID, endedBefore: Date, limit: Int) async throws -> Int {
        precondition(limit > 0 && limit <= 10_000, "a bounded batch")
        return try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                UPDATE urgent_requests SET note = NULL, contact = NULL, version = version + 1
                WHERE id IN (SELECT id FROM urgent_requests
                             WHERE network_id = \(networkID.rawValue) AND closed_at IS NOT NULL
                               AND closed_at < \(RestSQL.seconds(endedBefore)) AND (note IS NOT NULL OR contact IS NOT NULL)
                             ORDER BY closed_at, id LIMIT \(limit) FOR UPDATE)
                RETURNING id
                """, logger: logger)
        }
    }

    static func urgentRequest(_ row: PostgresRow) throws -> UrgentRequest {
        let read = RestReader(row, table: "urgent_requests")
        var request = UrgentRequest(
            id: UrgentRequestID(try read.int64("id")), networkID: NetworkID(try read.int64("network_id")),
            memberID: MemberID(try read.int64("member_id")), note: try read.optionalString("note"),
            contact: try read.optionalString("contact"), raisedAt: try read.date("raised_at"))
        request.status = try read.enumeration("status")
        request.acknowledgedAt = try read.optionalDate("acknowledged_at")
        request.leadID = try read.optionalInt64("lead_id").map { MemberID($0) }
        request.conversationAt = try read.optionalDate("conversation_at")
        request.escalatedAt = try read.optionalDate("escalated_at")
        request.closedAt = try read.optionalDate("closed_at")
        request.heldMinutes = try read.optionalInt64("held_minutes")
        request.paymentTransferID = try read.optionalInt64("payment_transfer_id").map { TransferID($0) }
        request.version = try read.int64("version")
        return request
    }
}
