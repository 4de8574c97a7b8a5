import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

/// Members' own settings (language, time zone): a row per member who changed them. Read from
/// the database every time (SQLite's store caches them; several instances cannot).
extension PostgresExchangeStore {
    public func memberSettings(_ memberID: MemberID) async throws -> MemberSettings? {
        try await restRows("SELECT language, time_zone FROM member_settings WHERE member_id = \(memberID.rawValue)")
            .first.map { row in
                let read = RestReader(row, table: "member_settings")
                return MemberSettings(language: try read.optionalString("language"), timeZone: try read.string("time_zone"))
            }
    }

    public func setMemberSettings(_ memberID: MemberID, _ settings: MemberSettings) async throws {
        try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                INSERT INTO member_settings (member_id, language, time_zone)
                VALUES (\(memberID.rawValue), \(settings.language), \(settings.timeZone))
                ON CONFLICT (member_id) DO UPDATE SET language = EXCLUDED.language, time_zone = EXCLUDED.time_zone
                RETURNING member_id
                """, logger: logger)
        }
    }
}
