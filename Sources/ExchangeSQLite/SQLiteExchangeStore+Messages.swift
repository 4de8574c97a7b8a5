import Exchange
import Foundation
import GRDB
import Ledger
import Outbox
import SQLiteSupport

/// Exchanges' private message threads and their parties' read markers
/// (migration "2026-12-02 exchange messages"). No report, export or audit query reads these tables.
extension SQLiteExchangeStore {
    static let messagesSchema = """
        CREATE TABLE exchange_messages (
            id INTEGER PRIMARY KEY,
            exchange_id INTEGER NOT NULL REFERENCES exchanges (id),
            author_id INTEGER NOT NULL REFERENCES members (id),
            body TEXT NOT NULL CHECK (length(body) > 0),
            posted_at INTEGER NOT NULL
        ) STRICT;
        -- A thread's pages and its count; the unread count reads the author from the index too.
        CREATE INDEX exchange_messages_by_exchange ON exchange_messages (exchange_id, id, author_id);

        CREATE TABLE exchange_read_markers (
            exchange_id INTEGER NOT NULL REFERENCES exchanges (id),
            member_id INTEGER NOT NULL REFERENCES members (id),
            last_read_message_id INTEGER NOT NULL REFERENCES exchange_messages (id),
            PRIMARY KEY (exchange_id, member_id)
        ) STRICT, WITHOUT ROWID;
        """

    public func insertMessage(_ draft: ExchangeMessage, messagesMax: Int, keyed: KeyedCreation?,
                              full: @escaping @Sendable (Int) -> ExchangeError?, notices: [OutboxDraft]) async throws
        -> ExchangeMessage
    {
        try await write(conflict: Self.keyTakenConflict) { db in
            let count = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM exchange_messages WHERE exchange_id = ?"),
                arguments: [draft.exchangeID.rawValue]) ?? 0
            if count >= messagesMax, let refusal = full(count) { throw refusal }
            try db.cachedStatement(sql: """
                INSERT INTO exchange_messages (exchange_id, author_id, body, posted_at) VALUES (?, ?, ?, ?)
                """).execute(arguments: [
                    draft.exchangeID.rawValue, draft.authorID.rawValue, draft.body, Stored.seconds(draft.postedAt),
                ])
            var message = draft
            message.id = ExchangeMessageID(db.lastInsertedRowID)
            try Self.record(db, keyed, resourceID: message.id.rawValue)
            try SQLiteOutboxTable.insert(db, notices, at: draft.postedAt)
            return message
        }
    }

    public func message(_ id: ExchangeMessageID) async throws -> ExchangeMessage? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM exchange_messages WHERE id = ?"),
                             arguments: [id.rawValue]).map(Self.message)
        }
    }

    public func messages(exchangeID: ExchangeID, afterID: ExchangeMessageID?, limit: Int) async throws -> [ExchangeMessage] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM exchange_messages WHERE exchange_id = ? AND id > ? ORDER BY id LIMIT ?
                """), arguments: [exchangeID.rawValue, afterID?.rawValue ?? 0, limit]).map(Self.message)
        }
    }

    public func readMarkers(exchangeID: ExchangeID) async throws -> [MemberID: ExchangeMessageID] {
        try await pool.read { db in
            var markers: [MemberID: ExchangeMessageID] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT member_id, last_read_message_id FROM exchange_read_markers WHERE exchange_id = ?
                """), arguments: [exchangeID.rawValue]) {
                let read = RowReader(row: row, table: "exchange_read_markers")
                markers[MemberID(try read.int64("member_id"))] = ExchangeMessageID(try read.int64("last_read_message_id"))
            }
            return markers
        }
    }

    public func markRead(exchangeID: ExchangeID, memberID: MemberID, upTo messageID: ExchangeMessageID) async throws
        -> ExchangeMessageID
    {
        try await writer.write { db in
            try db.cachedStatement(sql: """
                INSERT INTO exchange_read_markers (exchange_id, member_id, last_read_message_id) VALUES (?, ?, ?)
                ON CONFLICT (exchange_id, member_id) DO UPDATE
                    SET last_read_message_id = max(last_read_message_id, excluded.last_read_message_id)
                """).execute(arguments: [exchangeID.rawValue, memberID.rawValue, messageID.rawValue])
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT last_read_message_id FROM exchange_read_markers WHERE exchange_id = ? AND member_id = ?
                """), arguments: [exchangeID.rawValue, memberID.rawValue])
            else { throw MalformedRow(table: "exchange_read_markers", column: "last_read_message_id") }
            return ExchangeMessageID(try RowReader(row: row, table: "exchange_read_markers").int64("last_read_message_id"))
        }
    }

    /// The member's exchanges come from the requester and supporter indexes (one branch each),
    /// their unread messages from the thread index after the marker.
    /// One statement on the point reader (the home page's).
    public func unreadMessageCounts(memberID: MemberID, endedSince: Date) async throws -> [ExchangeID: Int] {
        try pointReader.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                WITH mine (id) AS (
                    SELECT id FROM exchanges WHERE requester_id = ?1
                        AND (status IN ('proposed', 'accepted', 'disputed') OR updated_at > ?2)
                    UNION ALL
                    SELECT id FROM exchanges WHERE supporter_id = ?1
                        AND (status IN ('proposed', 'accepted', 'disputed') OR updated_at > ?2)
                )
                SELECT m.exchange_id AS exchange_id, COUNT(*) AS unread
                FROM mine
                JOIN exchange_messages m ON m.exchange_id = mine.id
                LEFT JOIN exchange_read_markers r ON r.exchange_id = mine.id AND r.member_id = ?1
                WHERE m.author_id != ?1 AND m.id > coalesce(r.last_read_message_id, 0)
                GROUP BY m.exchange_id
                """), arguments: [memberID.rawValue, Stored.seconds(endedSince)])
            var counts: [ExchangeID: Int] = [:]
            for row in rows {
                let read = RowReader(row: row, table: "exchange_messages")
                counts[ExchangeID(try read.int64("exchange_id"))] = try read.int("unread")
            }
            return counts
        }
    }

    static func message(_ row: Row) throws -> ExchangeMessage {
        let read = RowReader(row: row, table: "exchange_messages")
        return ExchangeMessage(
            id: ExchangeMessageID(try read.int64("id")), exchangeID: ExchangeID(try read.int64("exchange_id")),
            authorID: MemberID(try read.int64("author_id")), body: try read.string("body"),
            postedAt: try read.date("posted_at"))
    }
}
