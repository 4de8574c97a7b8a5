import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

/// A network's wellbeing leads and its urgent settings (`urgent_requests`' neighbours).
extension PostgresExchangeStore {
    public func wellbeingLeads(networkID: NetworkID) async throws -> [WellbeingLead] {
        try await restRows("""
            SELECT leads.member_id, leads.appointed_at, members.display_name FROM wellbeing_leads AS leads
            JOIN members ON members.id = leads.member_id
            WHERE leads.network_id = \(networkID.rawValue) ORDER BY leads.appointed_at, leads.member_id
            LIMIT \(UrgentLimits.leadsPerNetworkMax)
            """).map { row in
            let read = RestReader(row, table: "wellbeing_leads")
            return WellbeingLead(memberID: MemberID(try read.int64("member_id")), displayName: try read.string("display_name"),
                                 appointedAt: try read.date("appointed_at"))
        }
    }

    public func isWellbeingLead(memberID: MemberID, networkID: NetworkID) async throws -> Bool {
        try await restValue("""
            SELECT EXISTS (SELECT 1 FROM wellbeing_leads WHERE network_id = \(networkID.rawValue) AND member_id = \(memberID.rawValue))
            """, as: Bool.self) ?? false
    }

    public func wellbeingLeadNetworkIDs(memberID: MemberID) async throws -> [NetworkID] {
        try await restRows("""
            SELECT network_id FROM wellbeing_leads WHERE member_id = \(memberID.rawValue) ORDER BY network_id LIMIT 1000
            """).map { NetworkID(try RestReader($0, table: "wellbeing_leads").int64("network_id")) }
    }

    public func insertWellbeingLead(networkID: NetworkID, memberID: MemberID, appointedBy: MemberID, at: Date,
                                    audit: [AuditEvent]) async throws -> Bool {
        try await restWrite { connection, logger in
            let inserted = try await Self.restChanged(connection, """
                INSERT INTO wellbeing_leads (network_id, member_id, appointed_at, appointed_by_id)
                VALUES (\(networkID.rawValue), \(memberID.rawValue), \(RestSQL.seconds(at)), \(appointedBy.rawValue))
                ON CONFLICT DO NOTHING RETURNING member_id
                """, logger: logger)
            guard inserted == 1 else { return false }
            try await Self.appendAudit(connection, audit, logger: logger)
            return true
        }
    }

    public func deleteWellbeingLead(networkID: NetworkID, memberID: MemberID, audit: [AuditEvent]) async throws -> Bool {
        try await restWrite { connection, logger in
            let deleted = try await Self.restChanged(connection, """
                DELETE FROM wellbeing_leads WHERE network_id = \(networkID.rawValue) AND member_id = \(memberID.rawValue)
                RETURNING member_id
                """, logger: logger)
            guard deleted == 1 else { return false }
            try await Self.appendAudit(connection, audit, logger: logger)
            return true
        }
    }

    public func urgentSettings(networkID: NetworkID) async throws -> UrgentSettings? {
        try await restValue("""
            SELECT escalation_working_minutes FROM urgent_settings WHERE network_id = \(networkID.rawValue)
            """, as: Int.self).map { UrgentSettings(escalationWorkingMinutes: $0) }
    }

    public func upsertUrgentSettings(networkID: NetworkID, _ settings: UrgentSettings, audit: [AuditEvent]) async throws {
        try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                INSERT INTO urgent_settings (network_id, escalation_working_minutes)
                VALUES (\(networkID.rawValue), \(settings.escalationWorkingMinutes))
                ON CONFLICT (network_id) DO UPDATE SET escalation_working_minutes = EXCLUDED.escalation_working_minutes
                RETURNING network_id
                """, logger: logger)
            try await Self.appendAudit(connection, audit, logger: logger)
        }
    }
}
