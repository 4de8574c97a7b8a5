import Exchange
import Foundation
import GRDB
import Ledger
import Outbox
import SQLiteSupport

/// Urgent requests, wellbeing leads and urgent settings. The note and contact live in
/// `urgent_requests` only: no full-text index, no other table, no log.
extension SQLiteExchangeStore {
    static let openUrgentCondition = "status IN ('waiting', 'acknowledged', 'arranged')"

    static let urgentSchema = """
        CREATE TABLE urgent_requests (
            id INTEGER PRIMARY KEY,
            network_id INTEGER NOT NULL REFERENCES networks (id),
            member_id INTEGER NOT NULL REFERENCES members (id),
            note TEXT,
            contact TEXT,
            status TEXT NOT NULL,
            raised_at INTEGER NOT NULL,
            acknowledged_at INTEGER,
            lead_id INTEGER REFERENCES members (id),
            conversation_at INTEGER,
            escalated_at INTEGER,
            closed_at INTEGER,
            held_minutes INTEGER,
            payment_transfer_id INTEGER UNIQUE,
            payment_pending INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX urgent_requests_by_member ON urgent_requests (member_id, id);
        CREATE UNIQUE INDEX urgent_requests_one_open ON urgent_requests (member_id, network_id)
            WHERE \(openUrgentCondition);
        CREATE INDEX urgent_requests_open_by_network ON urgent_requests (network_id, raised_at, id)
            WHERE \(openUrgentCondition);
        CREATE INDEX urgent_requests_ended_by_network ON urgent_requests (network_id, closed_at, id)
            WHERE closed_at IS NOT NULL;
        CREATE INDEX urgent_requests_unescalated ON urgent_requests (id) WHERE status = 'waiting' AND escalated_at IS NULL;
        CREATE INDEX urgent_requests_payment_pending ON urgent_requests (id) WHERE payment_pending = 1;

        CREATE TABLE wellbeing_leads (
            network_id INTEGER NOT NULL REFERENCES networks (id),
            member_id INTEGER NOT NULL REFERENCES members (id),
            appointed_at INTEGER NOT NULL,
            appointed_by_id INTEGER NOT NULL REFERENCES members (id),
            PRIMARY KEY (network_id, member_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE urgent_settings (
            network_id INTEGER PRIMARY KEY REFERENCES networks (id),
            escalation_working_minutes INTEGER NOT NULL
        ) STRICT;
        """

    public func insertUrgentRequest(_ draft: UrgentRequest, keyed: KeyedCreation?,
                                    notices: @escaping @Sendable (UrgentRequest) -> [OutboxDraft]) async throws -> UrgentRequest {
        try await write(conflict: Self.keyTakenConflict) { db in
            let open = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM urgent_requests WHERE member_id = ? AND network_id = ? AND \(Self.openUrgentCondition))
                """, arguments: [draft.memberID.rawValue, draft.networkID.rawValue]) ?? false
            guard !open else {
                throw ExchangeError.invalidState("you have an open urgent request in this network: a lead will answer it")
            }
            var request = draft
            request.version = 1
            try db.execute(sql: """
                INSERT INTO urgent_requests (network_id, member_id, note, contact, status, raised_at, escalated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    request.networkID.rawValue, request.memberID.rawValue, request.note, request.contact,
                    request.status.rawValue, Stored.seconds(request.raisedAt), Stored.seconds(request.escalatedAt), request.version,
                ])
            request.id = UrgentRequestID(db.lastInsertedRowID)
            try Self.record(db, keyed, resourceID: request.id.rawValue)
            try SQLiteOutboxTable.insert(db, notices(request), at: request.raisedAt)
            return request
        }
    }

    public func urgentRequest(_ id: UrgentRequestID) async throws -> UrgentRequest? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM urgent_requests WHERE id = ?", arguments: [id.rawValue]).map(Self.urgentRequest)
        }
    }

    public func updateUrgentRequest(_ request: UrgentRequest, audit: [AuditEvent], notices: [OutboxDraft], at now: Date) async throws
        -> UrgentRequest
    {
        try await writer.write { db in
            var next = request
            next.version = request.version + 1
            var pending = false
            if next.status == .closed, next.heldMinutes != nil, next.paymentTransferID == nil {
                next.paymentTransferID = TransferID(try Self.allocate(db, "transfer", count: 2))
                pending = true
            }
            try db.execute(sql: """
                UPDATE urgent_requests SET status = ?, acknowledged_at = ?, lead_id = ?, conversation_at = ?, escalated_at = ?,
                    closed_at = ?, held_minutes = ?, payment_transfer_id = ?,
                    payment_pending = CASE WHEN ? THEN 1 WHEN ? IS NULL THEN 0 ELSE payment_pending END, version = ?
                WHERE id = ? AND version = ?
                """, arguments: [
                    next.status.rawValue, Stored.seconds(next.acknowledgedAt), next.leadID?.rawValue,
                    Stored.seconds(next.conversationAt), Stored.seconds(next.escalatedAt), Stored.seconds(next.closedAt),
                    next.heldMinutes, next.paymentTransferID?.rawValue, pending, next.paymentTransferID?.rawValue, next.version,
                    request.id.rawValue, request.version,
                ])
            guard db.changesCount == 1 else { throw ConflictRetry.versionConflict("urgent request") }
            try Self.appendAudit(db, audit)
            try SQLiteOutboxTable.insert(db, notices, at: now)
            return next
        }
    }

    public func markUrgentPaymentSubmitted(_ id: UrgentRequestID) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE urgent_requests SET payment_pending = 0 WHERE id = ?", arguments: [id.rawValue])
        }
    }

    public func urgentRequestsAwaitingPayment(limit: Int) async throws -> [UrgentRequest] {
        try await fetchUrgent("SELECT * FROM urgent_requests WHERE payment_pending = 1 ORDER BY id LIMIT ?", [limit])
    }

    public func urgentRequests(raisedBy memberID: MemberID, limit: Int) async throws -> [UrgentRequest] {
        try await fetchUrgent("SELECT * FROM urgent_requests WHERE member_id = ? ORDER BY id DESC LIMIT ?", [memberID.rawValue, limit])
    }

    public func openUrgentRequests(networkID: NetworkID, limit: Int) async throws -> [UrgentRequest] {
        try await fetchUrgent("""
            SELECT * FROM urgent_requests WHERE network_id = ? AND \(Self.openUrgentCondition) ORDER BY raised_at, id LIMIT ?
            """, [networkID.rawValue, limit])
    }

    public func endedUrgentRequests(networkID: NetworkID, limit: Int) async throws -> [UrgentRequest] {
        try await fetchUrgent("""
            SELECT * FROM urgent_requests WHERE network_id = ? AND closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT ?
            """, [networkID.rawValue, limit])
    }

    public func unescalatedUrgentRequests(afterID: UrgentRequestID?, limit: Int) async throws -> [UrgentRequest] {
        try await fetchUrgent("""
            SELECT * FROM urgent_requests WHERE status = 'waiting' AND escalated_at IS NULL AND id > ? ORDER BY id LIMIT ?
            """, [afterID?.rawValue ?? 0, limit])
    }

    private func fetchUrgent(_ sql: String, _ arguments: StatementArguments) async throws -> [UrgentRequest] {
        try await pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.urgentRequest) }
    }

    static func urgentRequest(_ row: Row) throws -> UrgentRequest {
        let read = RowReader(row: row, table: "urgent_requests")
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
