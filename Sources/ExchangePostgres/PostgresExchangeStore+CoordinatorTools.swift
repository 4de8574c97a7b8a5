import Exchange
import Foundation
import Ledger
import Logging
import PostgresNIO

/// The audit trail and corrections.
extension PostgresExchangeStore {
    public func insertAuditEvent(_ event: AuditEvent) async throws -> AuditEvent {
        let logger = logger
        return try await write { connection in try await Self.appendAudit(connection, event, logger: logger) }
    }

    /// Appends `events` inside the caller's transaction, so they commit with the change they
    /// record or not at all; `newRow` replaces each event's subject (the id a write just allocated).
    static func appendAudit(_ connection: PostgresConnection, _ events: [AuditEvent], newRow: Int64? = nil, logger: Logger)
        async throws
    {
        for var event in events {
            if let newRow { event.subjectID = newRow }
            _ = try await appendAudit(connection, event, logger: logger)
        }
    }

    private static func appendAudit(_ connection: PostgresConnection, _ event: AuditEvent, logger: Logger) async throws
        -> AuditEvent
    {
        let at = PostgresStored.seconds(event.at)
        guard let id = try await connection.scalar("""
            INSERT INTO audit_events (at, actor_id, network_id, action, subject_member_id, subject_id, detail)
            VALUES (\(at), \(event.actorID.rawValue), \(event.networkID.rawValue), \(event.action.rawValue),
                    \(event.subjectMemberID?.rawValue), \(event.subjectID), \(event.detail))
            RETURNING id
            """, as: Int64.self, logger: logger)
        else { throw PostgresMalformedRow(table: "audit_events", column: "id") }
        var stored = event
        stored.id = AuditEventID(id)
        stored.at = Date(timeIntervalSince1970: TimeInterval(at))
        return stored
    }

    public func auditEvents(networkID: NetworkID?, afterID: AuditEventID?, limit: Int) async throws -> [AuditEvent] {
        let logger = logger
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            let rows: [PostgresRow]
            if let networkID {
                rows = try await connection.fetchAll("""
                    SELECT * FROM audit_events WHERE network_id = \(networkID.rawValue) AND id > \(after) ORDER BY id LIMIT \(limit)
                    """, logger: logger)
            } else {
                rows = try await connection.fetchAll(
                    "SELECT * FROM audit_events WHERE id > \(after) ORDER BY id LIMIT \(limit)", logger: logger)
            }
            return try rows.map(Self.auditEvent)
        }
    }

    public func insertCorrection(_ draft: Correction, keyed: KeyedCreation?) async throws -> Correction {
        let logger = logger
        return try await write(conflict: Self.keyTakenConflict) { connection in
            var correction = draft
            correction.reversalTransferID = TransferID(try await Self.allocate(connection, "transfer", count: 1, logger: logger))
            correction.applied = false
            let createdAt = PostgresStored.seconds(draft.createdAt)
            correction.createdAt = Date(timeIntervalSince1970: TimeInterval(createdAt))
            guard let id = try await connection.scalar("""
                INSERT INTO corrections (network_id, corrected_transfer_id, reversal_transfer_id, minutes, reason,
                    created_by_id, created_at, applied)
                VALUES (\(correction.networkID.rawValue), \(correction.correctedTransferID.rawValue),
                    \(correction.reversalTransferID.rawValue), \(correction.minutes), \(correction.reason),
                    \(correction.createdByID.rawValue), \(createdAt), 0)
                RETURNING id
                """, as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "corrections", column: "id") }
            correction.id = CorrectionID(id)
            try await Self.record(connection, keyed, resourceID: id, logger: logger)
            return correction
        }
    }

    public func unappliedCorrections(transferID: TransferID) async throws -> [Correction] {
        let logger = logger
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT * FROM corrections WHERE corrected_transfer_id = \(transferID.rawValue) AND applied = 0 ORDER BY id
                """, logger: logger).map(Self.correction)
        }
    }

    public func markCorrectionApplied(_ id: CorrectionID, audit: [AuditEvent]) async throws -> Correction {
        let logger = logger
        return try await write { connection in
            let changed = try await connection.changes(
                "UPDATE corrections SET applied = 1 WHERE id = \(id.rawValue) AND applied = 0 RETURNING id", logger: logger)
            // Recorded once, by the write that applied it.
            if changed == 1 { try await Self.appendAudit(connection, audit, logger: logger) }
            guard let row = try await connection.fetchOne("SELECT * FROM corrections WHERE id = \(id.rawValue)", logger: logger)
            else { throw ExchangeError.notFound("correction \(id)") }
            return try Self.correction(row)
        }
    }

    public func correction(_ id: CorrectionID) async throws -> Correction? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM corrections WHERE id = \(id.rawValue)", logger: logger)
                .map(Self.correction)
        }
    }

    public func deleteCorrection(_ id: CorrectionID) async throws {
        let logger = logger
        try await write { connection in
            let deleted = try await connection.changes(
                "DELETE FROM corrections WHERE id = \(id.rawValue) AND applied = 0 RETURNING id", logger: logger)
            guard deleted == 1 else { return }
            // Nothing was made under the key: a retry of the request runs again.
            try await connection.query("""
                DELETE FROM keyed_creations WHERE resource = \(KeyedResource.correction.rawValue) AND resource_id = \(id.rawValue)
                """, logger: logger)
        }
    }

    public func corrections(networkID: NetworkID, afterID: CorrectionID?, limit: Int) async throws -> [Correction] {
        let logger = logger
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT * FROM corrections WHERE network_id = \(networkID.rawValue) AND id > \(after) AND applied = 1
                ORDER BY id LIMIT \(limit)
                """, logger: logger).map(Self.correction)
        }
    }

    static func auditEvent(_ row: PostgresRow) throws -> AuditEvent {
        let read = PostgresRowReader(row, table: "audit_events")
        return AuditEvent(
            id: AuditEventID(try read.int64("id")), at: try read.date("at"), actorID: MemberID(try read.int64("actor_id")),
            networkID: NetworkID(try read.int64("network_id")), action: try read.enumeration("action"),
            subjectMemberID: try read.optionalInt64("subject_member_id").map { MemberID($0) },
            subjectID: try read.optionalInt64("subject_id"), detail: try read.optionalString("detail"))
    }

    static func correction(_ row: PostgresRow) throws -> Correction {
        let read = PostgresRowReader(row, table: "corrections")
        return Correction(
            id: CorrectionID(try read.int64("id")), networkID: NetworkID(try read.int64("network_id")),
            correctedTransferID: TransferID(try read.int64("corrected_transfer_id")),
            reversalTransferID: TransferID(try read.int64("reversal_transfer_id")), minutes: try read.int64("minutes"),
            reason: try read.string("reason"), createdByID: MemberID(try read.int64("created_by_id")),
            createdAt: try read.date("created_at"), applied: try read.int("applied") == 1)
    }
}
