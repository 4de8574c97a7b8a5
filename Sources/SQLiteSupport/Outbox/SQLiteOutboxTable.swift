import Foundation
import GRDB
import Outbox

/// The `outbox` table every store that causes notifications keeps in its own database, and the
/// statements on it: drafts are inserted inside the caller's transaction (`insert`); the delivery
/// service reads and settles rows through `SQLiteOutbox`.
public enum SQLiteOutboxTable {
    /// The migration's statements (a store names the migration; the table is the same everywhere).
    public static let createStatements = """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            recipient_member_id INTEGER,
            recipient_address TEXT,
            network_id INTEGER,
            subject_id INTEGER,
            facts TEXT NOT NULL,
            secret TEXT,
            dedupe_key TEXT UNIQUE,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at_ms INTEGER NOT NULL,
            next_attempt_at_ms INTEGER NOT NULL,
            last_attempt_at_ms INTEGER,
            last_error TEXT,
            sent_at_ms INTEGER,
            CHECK ((recipient_member_id IS NULL) <> (recipient_address IS NULL))
        );
        CREATE INDEX outbox_due ON outbox (next_attempt_at_ms, id) WHERE state = 'pending';
        CREATE INDEX outbox_settled ON outbox (state, created_at_ms) WHERE state <> 'pending';
        """

    /// Stores `drafts` (created at `now`) in the caller's transaction. A draft whose dedupe key is
    /// already stored is skipped; beyond `OutboxLimits.pendingMax` pending rows, optional kinds
    /// are skipped. Answers how many rows were stored.
    @discardableResult
    public static func insert(_ db: Database, _ drafts: [OutboxDraft], at now: Date) throws -> Int {
        guard !drafts.isEmpty else { return 0 }
        precondition(drafts.count <= OutboxLimits.draftsPerChangeMax, "too many notices for one change")
        let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0
        var stored = 0
        for draft in drafts {
            if pending + stored >= OutboxLimits.pendingMax, draft.kind.category != nil { continue }
            let facts = try encodedFacts(draft.facts)
            var memberID: Int64?
            var address: String?
            switch draft.recipient {
            case .member(let id): memberID = id
            case .address(let value): address = value
            }
            let nowMilliseconds = milliseconds(now)
            try db.execute(
                sql: """
                    INSERT INTO outbox (kind, recipient_member_id, recipient_address, network_id, subject_id, facts, secret,
                                        dedupe_key, created_at_ms, next_attempt_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (dedupe_key) DO NOTHING
                    """,
                arguments: [draft.kind.rawValue, memberID, address, draft.networkID, draft.subjectID, facts, draft.secret,
                            draft.dedupeKey, nowMilliseconds, max(nowMilliseconds, draft.notBefore.map(milliseconds) ?? 0)])
            stored += db.changesCount
        }
        return stored
    }

    static func encodedFacts(_ facts: [String: String]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: facts, options: [.sortedKeys])
        precondition(data.count <= OutboxLimits.factsBytesMax, "a notice's facts are over their limit")
        return String(decoding: data, as: UTF8.self)
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
