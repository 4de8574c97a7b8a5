import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// A network's wellbeing leads and its urgent settings (`urgent_requests`' neighbours).
extension SQLiteExchangeStore {
    public func wellbeingLeads(networkID: NetworkID) async throws -> [WellbeingLead] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT leads.member_id, leads.appointed_at, members.display_name FROM wellbeing_leads AS leads
                JOIN members ON members.id = leads.member_id
                WHERE leads.network_id = ? ORDER BY leads.appointed_at, leads.member_id LIMIT ?
                """, arguments: [networkID.rawValue, UrgentLimits.leadsPerNetworkMax]
            ).map { row in
                let read = RowReader(row: row, table: "wellbeing_leads")
                return WellbeingLead(memberID: MemberID(try read.int64("member_id")), displayName: try read.string("display_name"),
                                     appointedAt: try read.date("appointed_at"))
            }
        }
    }

    public func isWellbeingLead(memberID: MemberID, networkID: NetworkID) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM wellbeing_leads WHERE network_id = ? AND member_id = ?)",
                              arguments: [networkID.rawValue, memberID.rawValue]) ?? false
        }
    }

    public func insertWellbeingLead(networkID: NetworkID, memberID: MemberID, appointedBy: MemberID, at: Date,
                                    audit: [AuditEvent]) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO wellbeing_leads (network_id, member_id, appointed_at, appointed_by_id) VALUES (?, ?, ?, ?)
                """, arguments: [networkID.rawValue, memberID.rawValue, Stored.seconds(at), appointedBy.rawValue])
            guard db.changesCount == 1 else { return false }
            try Self.appendAudit(db, audit)
            return true
        }
    }

    public func deleteWellbeingLead(networkID: NetworkID, memberID: MemberID, audit: [AuditEvent]) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM wellbeing_leads WHERE network_id = ? AND member_id = ?",
                           arguments: [networkID.rawValue, memberID.rawValue])
            guard db.changesCount == 1 else { return false }
            try Self.appendAudit(db, audit)
            return true
        }
    }

    public func urgentSettings(networkID: NetworkID) async throws -> UrgentSettings? {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT escalation_working_minutes FROM urgent_settings WHERE network_id = ?",
                             arguments: [networkID.rawValue]).map { UrgentSettings(escalationWorkingMinutes: $0) }
        }
    }

    public func upsertUrgentSettings(networkID: NetworkID, _ settings: UrgentSettings, audit: [AuditEvent]) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO urgent_settings (network_id, escalation_working_minutes) VALUES (?, ?)
                ON CONFLICT (network_id) DO UPDATE SET escalation_working_minutes = excluded.escalation_working_minutes
                """, arguments: [networkID.rawValue, settings.escalationWorkingMinutes])
            try Self.appendAudit(db, audit)
        }
    }
}
