import Exchange
import Foundation
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

/// The private thread between an exchange's two parties, and each party's read marker.
extension PostgresExchangeStore {
    /// The thread's limit is counted under a lock on the exchange's row (SQLite counted under its
    /// one writer), so two instances posting at once cannot both take the last place.
    public func insertMessage(_ draft: ExchangeMessage, messagesMax: Int, keyed: KeyedCreation?,
                              full: @escaping @Sendable (Int) -> ExchangeError?, notices: [OutboxDraft]) async throws
        -> ExchangeMessage
    {
        let logger = logger
        return try await write(conflict: Self.keyTakenConflict) { connection in
            let exchangeID = draft.exchangeID.rawValue
            try await connection.query("SELECT id FROM exchanges WHERE id = \(exchangeID) FOR UPDATE", logger: logger)
            let count = Int(try await connection.scalar(
                "SELECT COUNT(*) FROM exchange_messages WHERE exchange_id = \(exchangeID)", as: Int64.self, logger: logger) ?? 0)
            if count >= messagesMax, let refusal = full(count) { throw refusal }
            guard let id = try await connection.scalar("""
                INSERT INTO exchange_messages (exchange_id, author_id, body, posted_at)
                VALUES (\(exchangeID), \(draft.authorID.rawValue), \(draft.body), \(PostgresStored.seconds(draft.postedAt)))
                RETURNING id
                """, as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "exchange_messages", column: "id") }
            var message = draft
            message.id = ExchangeMessageID(id)
            try await Self.record(connection, keyed, resourceID: id, logger: logger)
            try await PostgresOutboxTable.insert(connection, notices, at: draft.postedAt, logger: logger)
            return message
        }
    }

    public func message(_ id: ExchangeMessageID) async throws -> ExchangeMessage? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM exchange_messages WHERE id = \(id.rawValue)", logger: logger)
                .map(Self.message)
        }
    }

    public func messages(exchangeID: ExchangeID, afterID: ExchangeMessageID?, limit: Int) async throws -> [ExchangeMessage] {
        let logger = logger
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT * FROM exchange_messages WHERE exchange_id = \(exchangeID.rawValue) AND id > \(after)
                ORDER BY id LIMIT \(limit)
                """, logger: logger).map(Self.message)
        }
    }

    public func readMarkers(exchangeID: ExchangeID) async throws -> [MemberID: ExchangeMessageID] {
        let logger = logger
        return try await read { connection in
            var markers: [MemberID: ExchangeMessageID] = [:]
            for row in try await connection.fetchAll("""
                SELECT member_id, last_read_message_id FROM exchange_read_markers WHERE exchange_id = \(exchangeID.rawValue)
                """, logger: logger) {
                let read = PostgresRowReader(row, table: "exchange_read_markers")
                markers[MemberID(try read.int64("member_id"))] = ExchangeMessageID(try read.int64("last_read_message_id"))
            }
            return markers
        }
    }

    /// A marker only moves forward (GREATEST), whichever instance's call commits last.
    public func markRead(exchangeID: ExchangeID, memberID: MemberID, upTo messageID: ExchangeMessageID) async throws
        -> ExchangeMessageID
    {
        let logger = logger
        return try await write { connection in
            guard let marker = try await connection.scalar("""
                INSERT INTO exchange_read_markers (exchange_id, member_id, last_read_message_id)
                VALUES (\(exchangeID.rawValue), \(memberID.rawValue), \(messageID.rawValue))
                ON CONFLICT (exchange_id, member_id) DO UPDATE
                    SET last_read_message_id = GREATEST(exchange_read_markers.last_read_message_id,
                                                        EXCLUDED.last_read_message_id)
                RETURNING last_read_message_id
                """, as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "exchange_read_markers", column: "last_read_message_id") }
            return ExchangeMessageID(marker)
        }
    }

    /// The member's exchanges come from the requester and supporter indexes (one branch each),
    /// their unread messages from the thread index after the marker.
    public func unreadMessageCounts(memberID: MemberID, endedSince: Date) async throws -> [ExchangeID: Int] {
        let logger = logger
        let member = memberID.rawValue
        let since = PostgresStored.seconds(endedSince)
        return try await read { connection in
            let rows = try await connection.fetchAll("""
                WITH mine (id) AS (
                    SELECT id FROM exchanges WHERE requester_id = \(member)
                        AND (status IN ('proposed', 'accepted', 'disputed') OR updated_at > \(since))
                    UNION ALL
                    SELECT id FROM exchanges WHERE supporter_id = \(member)
                        AND (status IN ('proposed', 'accepted', 'disputed') OR updated_at > \(since))
                )
                SELECT m.exchange_id AS exchange_id, COUNT(*) AS unread
                FROM mine
                JOIN exchange_messages m ON m.exchange_id = mine.id
                LEFT JOIN exchange_read_markers r ON r.exchange_id = mine.id AND r.member_id = \(member)
                WHERE m.author_id <> \(member) AND m.id > coalesce(r.last_read_message_id, 0)
                GROUP BY m.exchange_id
                """, logger: logger)
            var counts: [ExchangeID: Int] = [:]
            for row in rows {
                let read = PostgresRowReader(row, table: "exchange_messages")
                counts[ExchangeID(try read.int64("exchange_id"))] = try read.int("unread")
            }
            return counts
        }
    }

    static func message(_ row: PostgresRow) throws -> ExchangeMessage {
        let read = PostgresRowReader(row, table: "exchange_messages")
        return ExchangeMessage(
            id: ExchangeMessageID(try read.int64("id")), exchangeID: ExchangeID(try read.int64("exchange_id")),
            authorID: MemberID(try read.int64("author_id")), body: try read.string("body"),
            postedAt: try read.date("posted_at"))
    }
}
