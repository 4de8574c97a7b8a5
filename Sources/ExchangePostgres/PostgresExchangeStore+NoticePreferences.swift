import Exchange
import Foundation
import Ledger
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

/// Members' choices of optional emails: a row per member and category they chose.
extension PostgresExchangeStore {
    /// A category no longer known (a row written by a later version) is left out.
    public func membersChoosing(_ category: NoticeCategory, afterMemberID: MemberID?, limit: Int) async throws -> [MemberID] {
        precondition(limit > 0 && limit <= 1_000)
        return try await restRows("""
            SELECT member_id FROM notice_preferences
            WHERE category = \(category.rawValue) AND frequency <> 'never' AND member_id > \(afterMemberID?.rawValue ?? 0)
            ORDER BY member_id LIMIT \(limit)
            """).map { MemberID(rawValue: try RestReader($0, table: "notice_preferences").int64("member_id")) }
    }

    public func noticePreferences(memberID: MemberID) async throws -> [NoticeCategory: NoticeFrequency] {
        let stored = try await restRows(
            "SELECT category, frequency FROM notice_preferences WHERE member_id = \(memberID.rawValue)"
        ).compactMap { row -> (NoticeCategory, NoticeFrequency)? in
            let read = RestReader(row, table: "notice_preferences")
            guard let category = NoticeCategory(rawValue: try read.string("category")) else { return nil }
            return (category, try read.enumeration("frequency", as: NoticeFrequency.self))
        }
        var choices = Dictionary(uniqueKeysWithValues: NoticeCategory.allCases.map { ($0, $0.defaultFrequency) })
        for (category, frequency) in stored { choices[category] = frequency }
        return choices
    }

    public func setNoticePreferences(memberID: MemberID, _ choices: [NoticeCategory: NoticeFrequency], at: Date) async throws {
        precondition(choices.count <= NoticeCategory.allCases.count)
        try await restWrite { connection, logger in
            guard try await Self.restMemberExists(connection, memberID, logger: logger) else {
                throw ExchangeError.notFound("member \(memberID)")
            }
            for (category, frequency) in choices.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try await Self.restChanged(connection, """
                    INSERT INTO notice_preferences (member_id, category, frequency, updated_at)
                    VALUES (\(memberID.rawValue), \(category.rawValue), \(frequency.rawValue), \(RestSQL.seconds(at)))
                    ON CONFLICT (member_id, category) DO UPDATE SET frequency = EXCLUDED.frequency, updated_at = EXCLUDED.updated_at
                    RETURNING member_id
                    """, logger: logger)
            }
        }
    }

    /// Whether the member's row exists, locking it (FOR SHARE) so an erasure cannot run between
    /// this check and the caller's write.
    static func restMemberExists(_ connection: PostgresConnection, _ memberID: MemberID, logger: Logger) async throws -> Bool {
        try await restValue(connection, "SELECT 1::BIGINT FROM members WHERE id = \(memberID.rawValue) FOR SHARE",
                            as: Int64.self, logger: logger) != nil
    }
}
