import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// The audit trail and corrections.
extension SQLiteExchangeStore {
    public func insertAuditEvent(_ event: AuditEvent) async throws -> AuditEvent {
        try await writer.write { db in try Self.appendAudit(db, event) }
    }

    /// Appends `events` inside the caller's write, so they commit with the change they record
    /// or not at all; `newRow` replaces each event's subject (the id a write just allocated).
    static func appendAudit(_ db: Database, _ events: [AuditEvent], newRow: Int64? = nil) throws {
        for var event in events {
            if let newRow { event.subjectID = newRow }
            _ = try appendAudit(db, event)
        }
    }

    private static func appendAudit(_ db: Database, _ event: AuditEvent) throws -> AuditEvent {
        try db.cachedStatement(sql: """
            INSERT INTO audit_events (at, actor_id, network_id, action, subject_member_id, subject_id, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                Stored.seconds(event.at), event.actorID.rawValue, event.networkID.rawValue, event.action.rawValue,
                event.subjectMemberID?.rawValue, event.subjectID, event.detail,
            ])
        var stored = event
        stored.id = AuditEventID(db.lastInsertedRowID)
        stored.at = Date(timeIntervalSince1970: TimeInterval(Stored.seconds(event.at)))
        return stored
    }

    public func auditEvents(networkID: NetworkID?, afterID: AuditEventID?, limit: Int) async throws -> [AuditEvent] {
        try await pool.read { db in
            let rows: [Row]
            if let networkID {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_events WHERE network_id = ? AND id > ? ORDER BY id LIMIT ?",
                                        arguments: [networkID.rawValue, afterID?.rawValue ?? 0, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?",
                                        arguments: [afterID?.rawValue ?? 0, limit])
            }
            return try rows.map(Self.auditEvent)
        }
    }

    public func insertCorrection(_ draft: Correction, keyed: KeyedCreation?) async throws -> Correction {
        try await write(conflict: Self.keyTakenConflict) { db in
            var correction = draft
            correction.reversalTransferID = TransferID(try Self.allocate(db, "transfer", count: 1))
            correction.applied = false
            correction.createdAt = Date(timeIntervalSince1970: TimeInterval(Stored.seconds(draft.createdAt)))
            try db.execute(sql: """
                INSERT INTO corrections (network_id, corrected_transfer_id, reversal_transfer_id, minutes, reason,
                    created_by_id, created_at, applied) VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                """, arguments: [
                    correction.networkID.rawValue, correction.correctedTransferID.rawValue,
                    correction.reversalTransferID.rawValue, correction.minutes, correction.reason,
                    correction.createdByID.rawValue, Stored.seconds(correction.createdAt),
                ])
            correction.id = CorrectionID(db.lastInsertedRowID)
            try Self.record(db, keyed, resourceID: correction.id.rawValue)
            return correction
        }
    }

    public func unappliedCorrections(transferID: TransferID) async throws -> [Correction] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM corrections WHERE corrected_transfer_id = ? AND applied = 0 ORDER BY id",
                             arguments: [transferID.rawValue]).map(Self.correction)
        }
    }

    public func markCorrectionApplied(_ id: CorrectionID, audit: [AuditEvent]) async throws -> Correction {
        try await writer.write { db in
            try db.execute(sql: "UPDATE corrections SET applied = 1 WHERE id = ? AND applied = 0", arguments: [id.rawValue])
            // Recorded once, by the write that applied it.
            if db.changesCount == 1 { try Self.appendAudit(db, audit) }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM corrections WHERE id = ?", arguments: [id.rawValue]) else {
                throw ExchangeError.notFound("correction \(id)")
            }
            return try Self.correction(row)
        }
    }

    public func correction(_ id: CorrectionID) async throws -> Correction? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM corrections WHERE id = ?", arguments: [id.rawValue]).map(Self.correction)
        }
    }

    public func deleteCorrection(_ id: CorrectionID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM corrections WHERE id = ? AND applied = 0", arguments: [id.rawValue])
            guard db.changesCount == 1 else { return }
            // Nothing was made under the key: a retry of the request runs again.
            try db.execute(sql: "DELETE FROM keyed_creations WHERE resource = ? AND resource_id = ?",
                           arguments: [KeyedResource.correction.rawValue, id.rawValue])
        }
    }

    public func corrections(networkID: NetworkID, afterID: CorrectionID?, limit: Int) async throws -> [Correction] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM corrections WHERE network_id = ? AND id > ? AND applied = 1 ORDER BY id LIMIT ?
                """, arguments: [networkID.rawValue, afterID?.rawValue ?? 0, limit]).map(Self.correction)
        }
    }

    static func auditEvent(_ row: Row) throws -> AuditEvent {
        let read = RowReader(row: row, table: "audit_events")
        return AuditEvent(
            id: AuditEventID(try read.int64("id")), at: try read.date("at"), actorID: MemberID(try read.int64("actor_id")),
            networkID: NetworkID(try read.int64("network_id")), action: try read.enumeration("action"),
            subjectMemberID: try read.optionalInt64("subject_member_id").map { MemberID($0) },
            subjectID: try read.optionalInt64("subject_id"), detail: try read.optionalString("detail"))
    }

    static func correction(_ row: Row) throws -> Correction {
        let read = RowReader(row: row, table: "corrections")
        return Correction(
            id: CorrectionID(try read.int64("id")), networkID: NetworkID(try read.int64("network_id")),
            correctedTransferID: TransferID(try read.int64("corrected_transfer_id")),
            reversalTransferID: TransferID(try read.int64("reversal_transfer_id")), minutes: try read.int64("minutes"),
            reason: try read.string("reason"), createdByID: MemberID(try read.int64("created_by_id")),
            createdAt: try read.date("created_at"), applied: try read.int("applied") == 1)
    }
}
