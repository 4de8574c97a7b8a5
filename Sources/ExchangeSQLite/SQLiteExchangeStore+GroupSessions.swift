import Exchange
import Foundation
import GRDB
import Ledger
import Outbox
import SQLiteSupport

extension SQLiteExchangeStore {
    public func insertGroupSession(_ draft: GroupSession, keyed: KeyedCreation?) async throws -> GroupSession {
        try await write(conflict: Self.keyTakenConflict) { db in
            var session = draft
            session.firstTransferID = TransferID(try Self.allocate(db, "transfer", count: draft.transferCount))
            session.version = 1
            try db.execute(sql: """
                INSERT INTO group_sessions (network_id, facilitator_id, title, scheduled_start, duration_minutes,
                    participant_ids, payment, status, first_transfer_id, transfer_count, completed_at, created_at, version,
                    joined_participant_ids)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    session.networkID.rawValue, session.facilitatorID.rawValue, session.title,
                    Stored.seconds(session.scheduledStart), session.durationMinutes,
                    Stored.json(session.participantIDs.map(\.rawValue)), session.payment.rawValue, session.status.rawValue,
                    session.firstTransferID.rawValue, session.transferCount, Stored.seconds(session.completedAt),
                    Stored.seconds(session.createdAt), session.version,
                    Stored.json(session.joinedParticipantIDs.map(\.rawValue)),
                ])
            session.id = GroupSessionID(db.lastInsertedRowID)
            for person in [session.facilitatorID] + session.participantIDs {
                try db.execute(sql: "INSERT INTO group_session_people (member_id, group_session_id) VALUES (?, ?)",
                               arguments: [person.rawValue, session.id.rawValue])
            }
            try Self.record(db, keyed, resourceID: session.id.rawValue)
            return session
        }
    }

    public func groupSession(_ id: GroupSessionID) async throws -> GroupSession? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM group_sessions WHERE id = ?", arguments: [id.rawValue])
                .map(Self.groupSession)
        }
    }

    public func groupSessions(involving memberID: MemberID, startingFrom: Date, limit: Int) async throws -> [GroupSession] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sessions.* FROM group_session_people AS people
                JOIN group_sessions AS sessions ON sessions.id = people.group_session_id
                WHERE people.member_id = ? AND sessions.scheduled_start >= ?
                ORDER BY sessions.scheduled_start, sessions.id LIMIT ?
                """, arguments: [memberID.rawValue, Stored.seconds(startingFrom), limit])
            .map(Self.groupSession)
        }
    }

    /// Only the mutable fields change: status, the transfer block, completion time, who joined.
    public func updateGroupSession(_ session: GroupSession, notices: [OutboxDraft], at now: Date) async throws -> GroupSession {
        try await writer.write { db in
            var next = session
            next.version = session.version + 1
            try db.execute(sql: """
                UPDATE group_sessions SET status = ?, first_transfer_id = ?, completed_at = ?, version = ?,
                    joined_participant_ids = ?
                WHERE id = ? AND version = ?
                """, arguments: [next.status.rawValue, next.firstTransferID.rawValue, Stored.seconds(next.completedAt),
                                 next.version, Stored.json(next.joinedParticipantIDs.map(\.rawValue)),
                                 session.id.rawValue, session.version])
            guard db.changesCount == 1 else {
                throw ConflictRetry.versionConflict("group session")
            }
            try SQLiteOutboxTable.insert(db, notices, at: now)
            return next
        }
    }

    static func groupSession(_ row: Row) throws -> GroupSession {
        let read = RowReader(row: row, table: "group_sessions")
        var session = GroupSession(
            id: GroupSessionID(try read.int64("id")), networkID: NetworkID(try read.int64("network_id")),
            facilitatorID: MemberID(try read.int64("facilitator_id")), title: try read.string("title"),
            scheduledStart: try read.date("scheduled_start"), durationMinutes: try read.int64("duration_minutes"),
            participantIDs: try read.json("participant_ids", as: [Int64].self).map { MemberID($0) },
            payment: try read.enumeration("payment"), firstTransferID: TransferID(try read.int64("first_transfer_id")),
            transferCount: try read.int("transfer_count"), createdAt: try read.date("created_at"))
        session.status = try read.enumeration("status")
        session.completedAt = try read.optionalDate("completed_at")
        session.version = try read.int64("version")
        session.joinedParticipantIDs = try read.json("joined_participant_ids", as: [Int64].self).map { MemberID($0) }
        return session
    }
}
