import Foundation
import Identity
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

/// A network's invitations as its coordinators manage them: listed by state, revoked, resent,
/// and invited in batches. Resends and batches hold an advisory lock per (network, address), so
/// two instances cannot both find no pending invitation to an address and both invite it.
extension PostgresIdentityStore {
    /// The state of a row at the time bound as `now` (`InvitationState`): accepted wins, then
    /// revoked, then expiry. Constant SQL; `now` names a bind (`$n`).
    static func stateSQL(now: String) -> String {
        """
        CASE WHEN accepted_member_id IS NOT NULL THEN 'accepted'
             WHEN revoked_at_ms IS NOT NULL THEN 'revoked'
             WHEN expires_at_ms <= \(now) THEN 'expired'
             ELSE 'pending' END
        """
    }

    static func stateCondition(_ state: InvitationState?, now: String) -> String {
        switch state {
        case nil: "TRUE"
        case .accepted: "accepted_member_id IS NOT NULL"
        case .revoked: "accepted_member_id IS NULL AND revoked_at_ms IS NOT NULL"
        case .expired: "accepted_member_id IS NULL AND revoked_at_ms IS NULL AND expires_at_ms <= \(now)"
        case .pending: "accepted_member_id IS NULL AND revoked_at_ms IS NULL AND expires_at_ms > \(now)"
        }
    }

    public func invitations(networkID: Int64, state: InvitationState?, at: Date, beforeID: Int64?, limit: Int) async throws
        -> [InvitationListing]
    {
        var binds = PostgresBindings(capacity: 4)
        binds.append(networkID)
        binds.append(beforeID ?? Int64.max)
        binds.append(at.storedMilliseconds)
        binds.append(limit)
        let query = PostgresQuery(unsafeSQL: """
            SELECT *, \(Self.stateSQL(now: "$3")) AS state FROM invitation
            WHERE network_id = $1 AND id < $2 AND \(Self.stateCondition(state, now: "$3"))
            ORDER BY id DESC LIMIT $4
            """, binds: binds)
        return try await pool.read { connection in
            try await Self.all(connection.query(query, logger: logger)).map(Self.listing)
        }
    }

    public func revokeInvitation(id: Int64, networkID: Int64, at: Date) async throws -> InvitationRevocation {
        try await pool.transaction { connection in
            guard try await Self.listingRow(connection, id: id, networkID: networkID, at: at, forUpdate: true, logger: logger) != nil
            else { return .notFound }
            try await connection.query("""
                UPDATE invitation SET revoked_at_ms = \(at.storedMilliseconds)
                WHERE id = \(id) AND accepted_member_id IS NULL AND revoked_at_ms IS NULL
                """, logger: logger)
            try await Self.dropUnsentInvitationEmails(connection, invitationIDs: [id], logger: logger)
            guard let listing = try await Self.listingRow(connection, id: id, networkID: networkID, at: at, logger: logger)
            else { return .notFound }
            return listing.state == .accepted ? .accepted : .revoked(listing)
        }
    }

    public func resendInvitation(id: Int64, networkID: Int64, replacement: NewInvitation) async throws -> InvitationResend {
        try await pool.transaction { connection in
            let at = replacement.createdAt
            guard let found = try await Self.listingRow(connection, id: id, networkID: networkID, at: at, logger: logger)
            else { return .notFound }
            try await Self.lock(connection, [Self.invitationLockKey(networkID: networkID, email: found.invitation.email)],
                                logger: logger)
            // Read again under the lock (READ COMMITTED: this statement sees what committed before it).
            guard let old = try await Self.listingRow(connection, id: id, networkID: networkID, at: at, forUpdate: true,
                                                      logger: logger)
            else { return .notFound }
            guard old.state != .accepted else { return .accepted }
            try await Self.dropUnsentInvitationEmails(connection, networkID: networkID, email: old.invitation.email, logger: logger)
            try await connection.query("""
                UPDATE invitation SET revoked_at_ms = \(at.storedMilliseconds)
                WHERE network_id = \(networkID) AND email = \(old.invitation.email) AND accepted_member_id IS NULL
                  AND revoked_at_ms IS NULL
                """, logger: logger)
            var fresh = replacement
            fresh.networkID = networkID
            fresh.email = old.invitation.email
            return .resent(try await Self.insert(connection, fresh, kind: .invitationResent, logger: logger))
        }
    }

    public func insertInvitations(_ invitations: [NewInvitation], at: Date) async throws -> [StoredBatchInvitation] {
        try await pool.transaction { connection in
            try await Self.lock(
                connection, invitations.map { Self.invitationLockKey(networkID: $0.networkID, email: $0.email) }, logger: logger)
            var stored: [StoredBatchInvitation] = []
            for invitation in invitations {
                stored.append(try await Self.insertOne(connection, invitation, at: at, logger: logger))
            }
            return stored
        }
    }

    /// One of a batch (`insertInvitations`), under the batch's locks.
    private static func insertOne(_ connection: PostgresConnection, _ invitation: NewInvitation, at: Date, logger: Logger)
        async throws -> StoredBatchInvitation
    {
        if let key = invitation.creationKey, let found = try await reissue(connection, invitation, key: key, at: at, logger: logger) {
            return found
        }
        let pending = try await first(connection.query("""
            SELECT id FROM invitation
            WHERE network_id = \(invitation.networkID) AND email = \(invitation.email) AND accepted_member_id IS NULL
              AND revoked_at_ms IS NULL AND expires_at_ms > \(at.storedMilliseconds)
            ORDER BY id DESC LIMIT 1
            """, logger: logger))
        if let pending { return .pending(invitationID: try pending["id"].decode(Int64.self)) }
        return .created(try await insert(connection, invitation, kind: .invitation, logger: logger))
    }

    /// The invitation `key` made for the same inviter, under `invitation`'s token; nil: none.
    private static func reissue(_ connection: PostgresConnection, _ invitation: NewInvitation, key: InvitationKey, at: Date,
                                logger: Logger) async throws -> StoredBatchInvitation?
    {
        guard let row = try await first(connection.query("""
            SELECT * FROM invitation
            WHERE invited_by_member_id = \(invitation.invitedByMemberID) AND creation_key_hash = \(key.keyHash)
            FOR UPDATE
            """, logger: logger))
        else { return nil }
        guard try row["creation_request_hash"].decode(Data?.self) == key.requestHash else { return .differentRequest }
        if try row["claimed_at_ms"].decode(Int64?.self) != nil { return .accepted }
        let found = try Self.invitation(from: row)
        try await replaceToken(connection, of: found, token: invitation.token, kind: .invitation, at: at, logger: logger)
        return .reissued(found)
    }

    public func memberIDs(emails: [String]) async throws -> [String: Int64] {
        guard !emails.isEmpty else { return [:] }
        return try await pool.read { connection in
            var found: [String: Int64] = [:]
            for row in try await Self.all(connection.query(
                "SELECT email, member_id FROM credential WHERE email = ANY(\(emails))", logger: logger)) {
                found[try row["email"].decode(String.self)] = try row["member_id"].decode(Int64.self)
            }
            return found
        }
    }

    /// The lock of a network's invitations to one address (the email is only hashed into it).
    static func invitationLockKey(networkID: Int64, email: String) -> Int64 {
        lockKey("invitation", [withUnsafeBytes(of: networkID.bigEndian) { Data($0) }, Data(email.utf8)])
    }

    private static func listingRow(_ connection: PostgresConnection, id: Int64, networkID: Int64, at: Date, forUpdate: Bool = false,
                                   logger: Logger) async throws -> InvitationListing?
    {
        var binds = PostgresBindings(capacity: 3)
        binds.append(id)
        binds.append(networkID)
        binds.append(at.storedMilliseconds)
        let query = PostgresQuery(unsafeSQL: """
            SELECT *, \(stateSQL(now: "$3")) AS state FROM invitation WHERE id = $1 AND network_id = $2
            \(forUpdate ? "FOR UPDATE" : "")
            """, binds: binds)
        return try await first(connection.query(query, logger: logger)).map(listing)
    }

    static func listing(from row: PostgresRandomAccessRow) throws -> InvitationListing {
        guard let state = InvitationState(rawValue: try row["state"].decode(String.self)) else {
            preconditionFailure("the state CASE answers one of InvitationState's values")
        }
        let acceptedMemberID = try row["accepted_member_id"].decode(Int64?.self)
        return InvitationListing(
            invitation: try invitation(from: row), state: state,
            acceptedAt: acceptedMemberID == nil ? nil : try row["claimed_at_ms"].decode(Int64?.self).map { Date(storedMilliseconds: $0) },
            acceptedMemberID: acceptedMemberID,
            revokedAt: try row["revoked_at_ms"].decode(Int64?.self).map { Date(storedMilliseconds: $0) })
    }
}
