import Foundation
import Identity
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

extension PostgresIdentityStore {
    public func insertInvitation(_ invitation: NewInvitation) async throws -> Invitation {
        try await pool.transaction { connection in try await Self.insert(connection, invitation, kind: .invitation, logger: logger) }
    }

    /// Stores `invitation` and its email (of `kind`) in the caller's transaction.
    static func insert(_ connection: PostgresConnection, _ invitation: NewInvitation, kind: NoticeKind, logger: Logger) async throws
        -> Invitation
    {
        let row = try await first(connection.query("""
            INSERT INTO invitation (token_hash, network_id, email, invited_by_member_id, created_at_ms, expires_at_ms,
                creation_key_hash, creation_request_hash)
            VALUES (\(invitation.tokenHash), \(invitation.networkID), \(invitation.email), \(invitation.invitedByMemberID),
                    \(invitation.createdAt.storedMilliseconds), \(invitation.expiresAt.storedMilliseconds),
                    \(invitation.creationKey?.keyHash), \(invitation.creationKey?.requestHash))
            RETURNING id
            """, logger: logger))
        guard let row else { preconditionFailure("INSERT … RETURNING answered no row") }
        let stored = Invitation(
            id: try row["id"].decode(Int64.self), networkID: invitation.networkID, email: invitation.email,
            invitedByMemberID: invitation.invitedByMemberID, createdAt: invitation.createdAt, expiresAt: invitation.expiresAt)
        try await PostgresOutboxTable.insert(
            connection, [IdentityNotices.invitation(stored, token: invitation.token, kind: kind)], at: invitation.createdAt,
            logger: logger)
        return stored
    }

    public func reissueInvitation(invitedBy memberID: Int64, key: InvitationKey, token: String, kind: NoticeKind, at: Date)
        async throws -> InvitationReissue
    {
        try await pool.transaction { connection in
            // Locked: a claim of the invitation on another instance waits for the new token, or wins.
            guard let row = try await Self.first(connection.query("""
                SELECT * FROM invitation WHERE invited_by_member_id = \(memberID) AND creation_key_hash = \(key.keyHash)
                FOR UPDATE
                """, logger: logger))
            else { return .none }
            guard try row["creation_request_hash"].decode(Data?.self) == key.requestHash else { return .differentRequest }
            if try row["claimed_at_ms"].decode(Int64?.self) != nil { return .used }
            let invitation = try Self.invitation(from: row)
            try await Self.replaceToken(connection, of: invitation, token: token, kind: kind, at: at, logger: logger)
            return .reissued(invitation)
        }
    }

    /// The invitation takes `token`: the emails of its earlier token not sent yet are dropped (their
    /// link would no longer open it) and one carrying the new token is written, so the one link
    /// that opens the invitation is the one emailed last.
    static func replaceToken(_ connection: PostgresConnection, of invitation: Invitation, token: String, kind: NoticeKind, at: Date,
                             logger: Logger) async throws
    {
        try await connection.query(
            "UPDATE invitation SET token_hash = \(SecretToken.hash(token)) WHERE id = \(invitation.id)", logger: logger)
        try await dropUnsentInvitationEmails(connection, invitationIDs: [invitation.id], logger: logger)
        try await PostgresOutboxTable.insert(
            connection, [IdentityNotices.invitation(invitation, token: token, kind: kind)], at: at, logger: logger)
    }

    public func claimInvitation(tokenHash: Data, at: Date) async throws -> InvitationClaim {
        try await pool.transaction { connection in
            guard let row = try await Self.first(connection.query(
                "SELECT * FROM invitation WHERE token_hash = \(tokenHash) FOR UPDATE", logger: logger))
            else { return .notFound }
            let invitation = try Self.invitation(from: row)
            if try row["claimed_at_ms"].decode(Int64?.self) != nil { return .alreadyUsed }
            if try row["revoked_at_ms"].decode(Int64?.self) != nil { return .revoked }
            if at >= invitation.expiresAt { return .expired(invitation) }
            try await connection.query(
                "UPDATE invitation SET claimed_at_ms = \(at.storedMilliseconds) WHERE id = \(invitation.id)", logger: logger)
            return .claimed(invitation)
        }
    }

    public func invitationStatus(tokenHash: Data, at: Date) async throws -> InvitationStatus {
        try await pool.read { connection in
            guard let row = try await Self.first(connection.query(
                "SELECT * FROM invitation WHERE token_hash = \(tokenHash)", logger: logger))
            else { return .notFound }
            let invitation = try Self.invitation(from: row)
            if try row["claimed_at_ms"].decode(Int64?.self) != nil { return .alreadyUsed }
            if try row["revoked_at_ms"].decode(Int64?.self) != nil { return .revoked }
            if at >= invitation.expiresAt { return .expired(invitation) }
            return .open(invitation)
        }
    }

    public func releaseInvitation(id: Int64) async throws {
        try await pool.transaction { connection in
            _ = try await connection.query(
                "UPDATE invitation SET claimed_at_ms = NULL WHERE id = \(id) AND accepted_member_id IS NULL", logger: logger)
        }
    }

    public func completeInvitation(id: Int64, memberID: Int64, at: Date) async throws {
        try await pool.transaction { connection in
            try await connection.query(
                "UPDATE invitation SET accepted_member_id = \(memberID), claimed_at_ms = \(at.storedMilliseconds) WHERE id = \(id)",
                logger: logger)
            // Accepted before its email went out (its link came another way): nothing to send.
            try await Self.dropUnsentInvitationEmails(connection, invitationIDs: [id], logger: logger)
        }
    }

    static func invitation(from row: PostgresRandomAccessRow) throws -> Invitation {
        Invitation(
            id: try row["id"].decode(Int64.self), networkID: try row["network_id"].decode(Int64.self),
            email: try row["email"].decode(String.self), invitedByMemberID: try row["invited_by_member_id"].decode(Int64.self),
            createdAt: Date(storedMilliseconds: try row["created_at_ms"].decode(Int64.self)),
            expiresAt: Date(storedMilliseconds: try row["expires_at_ms"].decode(Int64.self)))
    }
}
