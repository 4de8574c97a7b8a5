import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

extension PostgresExchangeStore {
    /// Seeks the audit trail's index by subject member: one member's events without reading every
    /// network's trail.
    public func auditEvents(aboutMember memberID: MemberID, afterID: AuditEventID?, limit: Int) async throws -> [AuditEvent] {
        try await restRows("""
            SELECT * FROM audit_events WHERE subject_member_id = \(memberID.rawValue) AND id > \(afterID?.rawValue ?? 0)
            ORDER BY id LIMIT \(limit)
            """).map(Self.auditEvent)
    }
}
