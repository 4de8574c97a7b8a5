import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import GRDB
import Outbox
import PostgresNIO

/// One outbox row as the notice tests compare them: its kind and the member it goes to.
struct NoticeRow: Hashable, Comparable, CustomStringConvertible {
    var kind: NoticeKind
    var memberID: Int64

    init(_ kind: NoticeKind, _ member: Actor) {
        self.kind = kind
        memberID = member.memberID.rawValue
    }

    init(_ message: OutboxMessage) {
        kind = message.draft.kind
        guard case .member(let id) = message.draft.recipient else { preconditionFailure("exchange notices go to members") }
        memberID = id
    }

    static func < (lhs: NoticeRow, rhs: NoticeRow) -> Bool {
        (lhs.kind.rawValue, lhs.memberID) < (rhs.kind.rawValue, rhs.memberID)
    }

    var description: String { "\(kind.rawValue)→\(memberID)" }
}

extension World {
    /// Every row of the exchange database's outbox, in id order (nothing sends in these tests).
    func outbox() async throws -> [OutboxMessage] {
        let rows: [OutboxMessage]
        if let postgres {
            // Read without claiming (PostgresOutbox.dueMessages leases what it answers).
            rows = try await postgres.pendingOutbox.pendingMessages(limit: 1_000)
        } else {
            rows = try await sqlite.outbox.dueMessages(at: Date(timeIntervalSince1970: 4_000_000_000), limit: 1_000)
        }
        return rows.sorted { $0.id < $1.id }
    }

    /// The id of the outbox's newest row (0 when empty): a test reads only the rows after it.
    func outboxMark() async throws -> Int64 {
        try await outbox().last?.id ?? 0
    }

    /// The rows written after `mark`, as (kind, member), sorted.
    func notices(after mark: Int64) async throws -> [NoticeRow] {
        try await outbox().filter { $0.id > mark }.map(NoticeRow.init).sorted()
    }

    /// The rows written after `mark`.
    func outbox(after mark: Int64) async throws -> [OutboxMessage] {
        try await outbox().filter { $0.id > mark }
    }

    /// How many outbox rows hold `text` anywhere (kind, recipient, facts, secret, dedupe key),
    /// read from the table itself.
    func outboxRows(containing text: String) async throws -> Int {
        if let postgres {
            return try await postgres.database.read { connection in
                var count = 0
                for try await value in try await connection.query("""
                    SELECT COUNT(*) FROM outbox WHERE position(\(text) IN kind || ' ' || COALESCE(recipient_address, '') || ' '
                        || facts || ' ' || COALESCE(secret, '') || ' ' || COALESCE(dedupe_key, '')) > 0
                    """, logger: .init(label: "peerhours.tests")).decode(Int.self) {
                    count = value
                }
                return count
            }
        }
        let queue = try DatabaseQueue(path: directory + "/" + SQLiteExchangeStore.fileName)
        return try await queue.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM outbox WHERE instr(kind || ' ' || IFNULL(recipient_address, '') || ' ' || facts || ' '
                    || IFNULL(secret, '') || ' ' || IFNULL(dedupe_key, ''), ?) > 0
                """, arguments: [text]) ?? 0
        }
    }
}

func sorted(_ rows: [NoticeRow]) -> [NoticeRow] { rows.sorted() }
