import Exchange
import Foundation
import Ledger
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

extension PostgresExchangeStore {
    public func insertGroupSession(_ draft: GroupSession, keyed: KeyedCreation?) async throws -> GroupSession {
        let logger = logger
        return try await write(conflict: Self.keyTakenConflict) { connection in
            var session = draft
            session.firstTransferID = TransferID(
                try await Self.allocate(connection, "transfer", count: draft.transferCount, logger: logger))
            session.version = 1
            guard let id = try await connection.scalar("""
                INSERT INTO group_sessions (network_id, facilitator_id, title, scheduled_start, duration_minutes,
                    participant_ids, payment, status, first_transfer_id, transfer_count, completed_at, created_at, version,
                    joined_participant_ids)
                VALUES (\(session.networkID.rawValue), \(session.facilitatorID.rawValue), \(session.title),
                    \(PostgresStored.seconds(session.scheduledStart)), \(session.durationMinutes),
                    \(PostgresStored.json(session.participantIDs.map(\.rawValue))), \(session.payment.rawValue),
                    \(session.status.rawValue), \(session.firstTransferID.rawValue), \(Int64(session.transferCount)),
                    \(PostgresStored.seconds(session.completedAt)), \(PostgresStored.seconds(session.createdAt)),
                    \(session.version), \(PostgresStored.json(session.joinedParticipantIDs.map(\.rawValue))))
                RETURNING id
                """, as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "group_sessions", column: "id") }
            session.id = GroupSessionID(id)
            for person in [session.facilitatorID] + session.participantIDs {
                try await connection.query(
                    "INSERT INTO group_session_people (member_id, group_session_id) VALUES (\(person.rawValue), \(id))",
                    logger: logger)
            }
            try await Self.record(connection, keyed, resourceID: id, logger: logger)
            return session
        }
    }

    public func groupSession(_ id: GroupSessionID) async throws -> GroupSession? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM group_sessions WHERE id = \(id.rawValue)", logger: logger)
                .map(Self.groupSession)
        }
    }

    public func groupSessions(involving memberID: MemberID, startingFrom: Date, limit: Int) async throws -> [GroupSession] {
        let logger = logger
        let from = PostgresStored.seconds(startingFrom)
        let limit = Int64(limit)
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT sessions.* FROM group_session_people AS people
                JOIN group_sessions AS sessions ON sessions.id = people.group_session_id
                WHERE people.member_id = \(memberID.rawValue) AND sessions.scheduled_start >= \(from)
                ORDER BY sessions.scheduled_start, sessions.id LIMIT \(limit)
                """, logger: logger).map(Self.groupSession)
        }
    }

    /// Only the mutable fields change: status, the transfer block, completion time, who joined;
    /// a compare-and-set on `version`.
    public func updateGroupSession(_ session: GroupSession, notices: [OutboxDraft], at now: Date) async throws -> GroupSession {
        let logger = logger
        return try await write { connection in
            var next = session
            next.version = session.version + 1
            let changed = try await connection.changes("""
                UPDATE group_sessions SET status = \(next.status.rawValue), first_transfer_id = \(next.firstTransferID.rawValue),
                    completed_at = \(PostgresStored.seconds(next.completedAt)), version = \(next.version),
                    joined_participant_ids = \(PostgresStored.json(next.joinedParticipantIDs.map(\.rawValue)))
                WHERE id = \(session.id.rawValue) AND version = \(session.version)
                RETURNING id
                """, logger: logger)
            guard changed == 1 else { throw ConflictRetry.versionConflict("group session") }
            try await PostgresOutboxTable.insert(connection, notices, at: now, logger: logger)
            return next
        }
    }

    static func groupSession(_ row: PostgresRow) throws -> GroupSession {
        let read = PostgresRowReader(row, table: "group_sessions")
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
