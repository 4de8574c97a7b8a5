import Exchange
import Foundation
import GRDB
import Ledger
import Outbox
import SQLiteSupport

/// Members' choices of optional emails: a row per member and category they chose.
extension SQLiteExchangeStore {
    static let noticePreferencesSchema = """
        CREATE TABLE notice_preferences (
            member_id INTEGER NOT NULL REFERENCES members (id),
            category TEXT NOT NULL,
            frequency TEXT NOT NULL CHECK (frequency IN ('immediately', 'daily', 'never')),
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (member_id, category)
        ) STRICT, WITHOUT ROWID;
        """

    /// A category no longer known (a row written by a later version) is left out.
    public func membersChoosing(_ category: NoticeCategory, afterMemberID: MemberID?, limit: Int) async throws -> [MemberID] {
        precondition(limit > 0 && limit <= 1_000)
        return try await pool.read { db in
            // The table has no index by category: a full scan of members' choices, once a week.
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT member_id FROM notice_preferences
                    WHERE category = ? AND frequency <> 'never' AND member_id > ? ORDER BY member_id LIMIT ?
                    """,
                arguments: [category.rawValue, afterMemberID?.rawValue ?? 0, limit]
            ).map { MemberID(rawValue: $0) }
        }
    }

    public func noticePreferences(memberID: MemberID) async throws -> [NoticeCategory: NoticeFrequency] {
        let stored = try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT category, frequency FROM notice_preferences WHERE member_id = ?"),
                             arguments: [memberID.rawValue]).compactMap { row -> (NoticeCategory, NoticeFrequency)? in
                let read = RowReader(row: row, table: "notice_preferences")
                guard let category = NoticeCategory(rawValue: try read.string("category")) else { return nil }
                return (category, try read.enumeration("frequency", as: NoticeFrequency.self))
            }
        }
        var choices = Dictionary(uniqueKeysWithValues: NoticeCategory.allCases.map { ($0, $0.defaultFrequency) })
        for (category, frequency) in stored { choices[category] = frequency }
        return choices
    }

    public func setNoticePreferences(memberID: MemberID, _ choices: [NoticeCategory: NoticeFrequency], at: Date) async throws {
        precondition(choices.count <= NoticeCategory.allCases.count)
        try await writer.write { db in
            guard try Self.memberExists(db, memberID) else { throw ExchangeError.notFound("member \(memberID)") }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO notice_preferences (member_id, category, frequency, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (member_id, category) DO UPDATE SET frequency = excluded.frequency, updated_at = excluded.updated_at
                """)
            for (category, frequency) in choices.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try statement.execute(arguments: [memberID.rawValue, category.rawValue, frequency.rawValue, Stored.seconds(at)])
            }
        }
    }

    static func memberExists(_ db: Database, _ memberID: MemberID) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM members WHERE id = ?)"),
                          arguments: [memberID.rawValue]) ?? false
    }
}
