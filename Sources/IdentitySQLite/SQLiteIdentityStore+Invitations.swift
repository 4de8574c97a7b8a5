import Foundation
import GRDB
import Identity
import Outbox
import SQLiteSupport

extension SQLiteIdentityStore {
    public func insertInvitation(_ invitation: NewInvitation) async throws -> Invitation {
        try await pool.write { db in try Self.insert(db, invitation, kind: .invitation) }
    }

    /// Stores `invitation` and its email (of `kind`) in the caller's transaction.
    static func insert(_ db: Database, _ invitation: NewInvitation, kind: NoticeKind) throws -> Invitation {
        try db.execute(
            sql: """
                INSERT INTO invitation (token_hash, network_id, email, invited_by_member_id, created_at_ms, expires_at_ms,
                    creation_key_hash, creation_request_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [invitation.tokenHash, invitation.networkID, invitation.email, invitation.invitedByMemberID,
                        invitation.createdAt.storedMilliseconds, invitation.expiresAt.storedMilliseconds,
                        invitation.creationKey?.keyHash, invitation.creationKey?.requestHash])
        let stored = Invitation(
            id: db.lastInsertedRowID, networkID: invitation.networkID, email: invitation.email,
            invitedByMemberID: invitation.invitedByMemberID, createdAt: invitation.createdAt,
            expiresAt: invitation.expiresAt)
        try SQLiteOutboxTable.insert(
            db, [IdentityNotices.invitation(stored, token: invitation.token, kind: kind)], at: invitation.createdAt)
        return stored
    }

    public func reissueInvitation(invitedBy memberID: Int64, key: InvitationKey, token: String, kind: NoticeKind, at: Date)
        async throws -> InvitationReissue
    {
        try await pool.write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM invitation WHERE invited_by_member_id = ? AND creation_key_hash = ?",
                arguments: [memberID, key.keyHash])
            else { return .none }
            let read = RowReader(row: row, table: "invitation")
            guard try read.optionalData("creation_request_hash") == key.requestHash else { return .differentRequest }
            if try read.optionalInt64("claimed_at_ms") != nil { return .used }
            let invitation = try Self.invitation(from: row)
            try Self.replaceToken(db, of: invitation, token: token, kind: kind, at: at)
            return .reissued(invitation)
        }
    }

    /// The invitation takes `token`: the emails of its earlier token not sent yet are dropped (their
    /// link would no longer open it) and one carrying the new token is written, so the one link
    /// that opens the invitation is the one emailed last. (An email of the earlier token already
    /// handed to the transport, or sent, carries a link that now says "does not work".)
    static func replaceToken(_ db: Database, of invitation: Invitation, token: String, kind: NoticeKind, at: Date) throws {
        try db.execute(
            sql: "UPDATE invitation SET token_hash = ? WHERE id = ?", arguments: [SecretToken.hash(token), invitation.id])
        try dropUnsentInvitationEmails(db, invitationIDs: [invitation.id])
        try SQLiteOutboxTable.insert(db, [IdentityNotices.invitation(invitation, token: token, kind: kind)], at: at)
    }

    public func claimInvitation(tokenHash: Data, at: Date) async throws -> InvitationClaim {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM invitation WHERE token_hash = ?", arguments: [tokenHash])
            else { return .notFound }
            let invitation = try Self.invitation(from: row)
            let read = RowReader(row: row, table: "invitation")
            if try read.optionalInt64("claimed_at_ms") != nil { return .alreadyUsed }
            if try read.optionalInt64("revoked_at_ms") != nil { return .revoked }
            if at >= invitation.expiresAt { return .expired(invitation) }
            try db.execute(
                sql: "UPDATE invitation SET claimed_at_ms = ? WHERE id = ?", arguments: [at.storedMilliseconds, invitation.id])
            return .claimed(invitation)
        }
    }

    public func invitationStatus(tokenHash: Data, at: Date) async throws -> InvitationStatus {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM invitation WHERE token_hash = ?", arguments: [tokenHash])
            else { return .notFound }
            let invitation = try Self.invitation(from: row)
            let read = RowReader(row: row, table: "invitation")
            if try read.optionalInt64("claimed_at_ms") != nil { return .alreadyUsed }
            if try read.optionalInt64("revoked_at_ms") != nil { return .revoked }
            if at >= invitation.expiresAt { return .expired(invitation) }
            return .open(invitation)
        }
    }

    public func releaseInvitation(id: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE invitation SET claimed_at_ms = NULL WHERE id = ? AND accepted_member_id IS NULL", arguments: [id])
        }
    }

    public func completeInvitation(id: Int64, memberID: Int64, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE invitation SET accepted_member_id = ?, claimed_at_ms = ? WHERE id = ?",
                arguments: [memberID, at.storedMilliseconds, id])
            // Accepted before its email went out (its link came another way): nothing to send.
            try Self.dropUnsentInvitationEmails(db, invitationIDs: [id])
        }
    }

    static func invitation(from row: Row) throws -> Invitation {
        let read = RowReader(row: row, table: "invitation")
        return Invitation(
            id: try read.int64("id"), networkID: try read.int64("network_id"), email: try read.string("email"),
            invitedByMemberID: try read.int64("invited_by_member_id"),
            createdAt: Date(storedMilliseconds: try read.int64("created_at_ms")),
            expiresAt: Date(storedMilliseconds: try read.int64("expires_at_ms")))
    }
}
