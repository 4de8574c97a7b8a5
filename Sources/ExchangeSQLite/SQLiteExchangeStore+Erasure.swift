import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// Erasing a member's content (`ErasureRepository`), in one transaction. Connections run with
/// `PRAGMA secure_delete = ON` (`DurableDatabasePool`), so the pages this frees are overwritten.
extension SQLiteExchangeStore {
    /// Issue 21 (erasure and retention): an erased member's row says when; each network's
    /// retention period; when a request ended (closed or withdrawn), set by a trigger on every
    /// path that changes a request's status, from the database's clock (requests ended before
    /// this migration count from the migration). Exchanges count from `updated_at`, which a final
    /// exchange no longer changes; no index of exchanges is added (a partial one would cost every
    /// exchange step, see "unsettled index without IN"): the sweep starts from the messages,
    /// which retention keeps few.
    static let erasureAndRetentionSchema = """
        ALTER TABLE members ADD COLUMN erased_at INTEGER;
        CREATE TABLE network_retention (
            network_id INTEGER PRIMARY KEY REFERENCES networks (id),
            days INTEGER NOT NULL CHECK (days BETWEEN 7 AND 3650),
            updated_at INTEGER NOT NULL
        ) STRICT;
        ALTER TABLE requests ADD COLUMN ended_at INTEGER;
        UPDATE requests SET ended_at = unixepoch() WHERE status IN ('closed', 'withdrawn');
        CREATE TRIGGER requests_ended AFTER UPDATE OF status ON requests
            WHEN NEW.status IN ('closed', 'withdrawn') AND OLD.status NOT IN ('closed', 'withdrawn')
            BEGIN UPDATE requests SET ended_at = unixepoch() WHERE id = NEW.id; END;
        CREATE TRIGGER requests_reopened AFTER UPDATE OF status ON requests
            WHEN NEW.status NOT IN ('closed', 'withdrawn') AND NEW.ended_at IS NOT NULL
            BEGIN UPDATE requests SET ended_at = NULL WHERE id = NEW.id; END;
        CREATE INDEX requests_ended ON requests (network_id, ended_at) WHERE description IS NOT NULL;
        """

    /// What an erased member's group sessions are called, in place of the title they wrote.
    static let erasedSessionTitle = "Group session"

    public func eraseMemberContent(_ memberID: MemberID, audit: [AuditEvent], at: Date) async throws -> ErasureTally {
        let (tally, exchangeIDs) = try await writer.write { db in
            let id = memberID.rawValue
            guard let erasedAt = try Row.fetchOne(db, sql: "SELECT erased_at FROM members WHERE id = ?", arguments: [id])
            else { throw ExchangeError.notFound("member \(memberID)") }
            if erasedAt["erased_at"] == nil { try Self.appendAudit(db, audit) }
            var tally = ErasureTally()
            tally.offers = try Self.eraseOffers(db, id)
            tally.requests = try Self.eraseRequests(db, id)
            tally.messages = try Self.eraseMessages(db, id)
            let exchangeIDs = try Self.eraseDisputeTexts(db, id)
            try Self.eraseSettings(db, id)
            try db.execute(sql: "DELETE FROM outbox WHERE recipient_member_id = ?", arguments: [id])
            tally.notices = db.changesCount
            let former = MemberProfile.formerMember
            try db.execute(sql: """
                UPDATE members SET display_name = ?, profession = ?, organisation = ?, career_stage = ?, languages = ?,
                    bio = NULL, erased_at = COALESCE(erased_at, ?) WHERE id = ?
                """, arguments: [former.displayName, former.profession, former.organisation, former.careerStage.rawValue,
                                 Stored.json(former.languages), Stored.seconds(at), id])
            return (tally, exchangeIDs)
        }
        exchangeRows.forget(exchangeIDs)
        return tally
    }

    /// Offers stay as paused tombstones (exchanges and proposals name them); their words go, and
    /// their full-text rows, with the index merged so no segment keeps the deleted terms.
    private static func eraseOffers(_ db: Database, _ id: Int64) throws -> Int {
        try db.execute(sql: """
            DELETE FROM offers_text WHERE rowid IN (SELECT id FROM offers WHERE supporter_id = ?);
            INSERT INTO offers_text (offers_text) VALUES ('optimize');
            UPDATE offers SET title = '', topics = '[]', area = NULL, status = 'paused'
                WHERE supporter_id = ? AND (title <> '' OR topics <> '[]' OR area IS NOT NULL OR status <> 'paused');
            """, arguments: [id, id])
        return db.changesCount
    }

    /// Requests stay as withdrawn (or closed) tombstones, without topics, area, preferences or description.
    private static func eraseRequests(_ db: Database, _ id: Int64) throws -> Int {
        try db.execute(sql: """
            DELETE FROM requests_text WHERE rowid IN (SELECT id FROM requests WHERE requester_id = ?);
            INSERT INTO requests_text (requests_text) VALUES ('optimize');
            UPDATE requests SET topics = '[]', description = NULL, area = NULL, preferred_profession = NULL,
                    status = CASE WHEN status IN ('open', 'matched') THEN 'withdrawn' ELSE status END
                WHERE requester_id = ?
                  AND (topics <> '[]' OR description IS NOT NULL OR area IS NOT NULL OR preferred_profession IS NOT NULL
                       OR status IN ('open', 'matched'));
            """, arguments: [id, id])
        return db.changesCount
    }

    /// The messages they wrote, and their read markers. Another party's marker on one of those
    /// messages moves back to the latest earlier message still there, or goes when there is none.
    private static func eraseMessages(_ db: Database, _ id: Int64) throws -> Int {
        try db.execute(sql: """
            DELETE FROM exchange_read_markers WHERE member_id = :member;
            UPDATE exchange_read_markers SET last_read_message_id = (
                    SELECT MAX(x.id) FROM exchange_messages x
                    WHERE x.exchange_id = exchange_read_markers.exchange_id AND x.author_id <> :member
                      AND x.id <= exchange_read_markers.last_read_message_id)
                WHERE last_read_message_id IN (SELECT id FROM exchange_messages WHERE author_id = :member)
                  AND EXISTS (SELECT 1 FROM exchange_messages x
                              WHERE x.exchange_id = exchange_read_markers.exchange_id AND x.author_id <> :member
                                AND x.id <= exchange_read_markers.last_read_message_id);
            DELETE FROM exchange_read_markers
                WHERE last_read_message_id IN (SELECT id FROM exchange_messages WHERE author_id = :member);
            """, arguments: ["member": id])
        try db.execute(sql: "DELETE FROM exchange_messages WHERE author_id = ?", arguments: [id])
        return db.changesCount
    }

    /// The dispute reasons they gave and the answers they wrote, and the titles of the group
    /// sessions they led; each changed row's version grows, so a concurrent step that read it
    /// conflicts and reads again. Answers the exchanges changed (for the row cache).
    private static func eraseDisputeTexts(_ db: Database, _ id: Int64) throws -> [ExchangeID] {
        var ids = try Int64.fetchAll(db, sql: """
            UPDATE exchanges SET dispute_reason = NULL, version = version + 1
            WHERE disputed_by_id = ? AND dispute_reason IS NOT NULL RETURNING id
            """, arguments: [id])
        ids += try Int64.fetchAll(db, sql: """
            UPDATE exchanges SET dispute_answer = NULL, version = version + 1
            WHERE (requester_id = :member OR supporter_id = :member) AND disputed_by_id IS NOT NULL
              AND disputed_by_id <> :member AND dispute_answer IS NOT NULL RETURNING id
            """, arguments: ["member": id])
        try db.execute(sql: """
            UPDATE group_sessions SET title = ?, version = version + 1 WHERE facilitator_id = ? AND title <> ?
            """, arguments: [erasedSessionTitle, id, erasedSessionTitle])
        return ids.map { ExchangeID($0) }
    }

    /// Their choices: blocks (theirs and others' of them), settings, notice preferences, the
    /// calendar feed, and the records of what their keyed requests created.
    private static func eraseSettings(_ db: Database, _ id: Int64) throws {
        try db.execute(sql: """
            DELETE FROM member_blocks WHERE member_id = :member OR blocked_member_id = :member;
            DELETE FROM member_settings WHERE member_id = :member;
            DELETE FROM notice_preferences WHERE member_id = :member;
            DELETE FROM calendar_feeds WHERE member_id = :member;
            DELETE FROM keyed_creations WHERE member_id = :member;
            """, arguments: ["member": id])
    }
}
