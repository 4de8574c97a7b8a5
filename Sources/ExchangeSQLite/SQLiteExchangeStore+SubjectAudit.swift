import Exchange
import Foundation
import GRDB
import Ledger

extension SQLiteExchangeStore {
    /// Seeks `audit_events_by_subject_member` (migration "2026-12-02 i21-x"): one member's events
    /// without reading every network's trail.
    public func auditEvents(aboutMember memberID: MemberID, afterID: AuditEventID?, limit: Int) async throws -> [AuditEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM audit_events WHERE subject_member_id = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [memberID.rawValue, afterID?.rawValue ?? 0, limit]
            ).map(Self.auditEvent)
        }
    }
}
