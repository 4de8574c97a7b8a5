import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// Members' own settings (language, time zone): a row per member who changed them.
extension SQLiteExchangeStore {
    static let memberSettingsSchema = """
        CREATE TABLE member_settings (
            member_id INTEGER PRIMARY KEY REFERENCES members (id),
            language TEXT,
            time_zone TEXT NOT NULL
        ) STRICT;
        """

    /// Every signed-in page reads it: kept in `memberSettingsCache`, else one statement on the
    /// point reader.
    public func memberSettings(_ memberID: MemberID) async throws -> MemberSettings? {
        try await memberSettingsCache.value(for: memberID) {
            try pointReader.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT language, time_zone FROM member_settings WHERE member_id = ?"),
                                 arguments: [memberID.rawValue]).map { row in
                    let read = RowReader(row: row, table: "member_settings")
                    return MemberSettings(language: try read.optionalString("language"), timeZone: try read.string("time_zone"))
                }
            }
        }
    }

    public func setMemberSettings(_ memberID: MemberID, _ settings: MemberSettings) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO member_settings (member_id, language, time_zone) VALUES (?, ?, ?)
                ON CONFLICT (member_id) DO UPDATE SET language = excluded.language, time_zone = excluded.time_zone
                """, arguments: [memberID.rawValue, settings.language, settings.timeZone])
        }
    }
}
