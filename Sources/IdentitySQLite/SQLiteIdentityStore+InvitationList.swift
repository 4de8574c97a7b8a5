import Foundation
import GRDB
import Identity
import Outbox
import SQLiteSupport

/// A network's invitations as its coordinators manage them: listed by state, revoked, resent,
/// and invited in batches.
extension SQLiteIdentityStore {
    /// The state of a row at `:now` (`InvitationState`): accepted wins, then revoked, then expiry.
    static let stateSQL = """
        CASE WHEN accepted_member_id IS NOT NULL THEN 'accepted'
             WHEN revoked_at_ms IS NOT NULL THEN 'revoked'
             WHEN expires_at_ms <= :now THEN 'expired'
             ELSE 'pending' END
        """

    static func stateCondition(_ state: InvitationState?) -> String {
        switch state {
        case nil: "1"
        case .accepted: "accepted_member_id IS NOT NULL"
        case .revoked: "accepted_member_id IS NULL AND revoked_at_ms IS NOT NULL"
        case .expired: "accepted_member_id IS NULL AND revoked_at_ms IS NULL AND expires_at_ms <= :now"
        case .pending: "accepted_member_id IS NULL AND revoked_at_ms IS NULL AND expires_at_ms > :now"
        }
    }

    public func invitations(networkID: Int64, state: InvitationState?, at: Date, beforeID: Int64?, limit: Int) async throws
        -> [InvitationListing]
    {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT *, \(Self.stateSQL) AS state FROM invitation
                    WHERE network_id = :network AND id < :before AND \(Self.stateCondition(state))
                    ORDER BY id DESC LIMIT :limit
                    """,
                arguments: ["network": networkID, "before": beforeID ?? Int64.max, "now": at.storedMilliseconds,
                            "limit": limit]
            ).map(Self.listing)
        }
    }

    public func revokeInvitation(id: Int64, networkID: Int64, at: Date) async throws -> InvitationRevocation {
        try await pool.write { db in
            guard try Self.listingRow(db, id: id, networkID: networkID, at: at) != nil else { return .notFound }
            try db.execute(
                sql: """
                    UPDATE invitation SET revoked_at_ms = ?
                    WHERE id = ? AND accepted_member_id IS NULL AND revoked_at_ms IS NULL
                    """,
                arguments: [at.storedMilliseconds, id])
            try Self.dropUnsentInvitationEmails(db, invitationIDs: [id])
            guard let listing = try Self.listingRow(db, id: id, networkID: networkID, at: at) else { return .notFound }
            return listing.state == .accepted ? .accepted : .revoked(listing)
        }
    }

    public func resendInvitation(id: Int64, networkID: Int64, replacement: NewInvitation) async throws -> InvitationResend {
        try await pool.write { db in
            let at = replacement.createdAt
            guard let old = try Self.listingRow(db, id: id, networkID: networkID, at: at) else { return .notFound }
            guard old.state != .accepted else { return .accepted }
            try Self.dropUnsentInvitationEmails(db, networkID: networkID, email: old.invitation.email)
            try db.execute(
                sql: """
                    UPDATE invitation SET revoked_at_ms = ?
                    WHERE network_id = ? AND email = ? AND accepted_member_id IS NULL AND revoked_at_ms IS NULL
                    """,
                arguments: [at.storedMilliseconds, networkID, old.invitation.email])
            var fresh = replacement
            fresh.networkID = networkID
            fresh.email = old.invitation.email
            return .resent(try Self.insert(db, fresh, kind: .invitationResent))
        }
    }

    public func insertInvitations(_ invitations: [NewInvitation], at: Date) async throws -> [StoredBatchInvitation] {
        try await pool.write { db in
            try invitations.map { invitation in
                if let key = invitation.creationKey, let found = try Self.reissue(db, invitation, key: key, at: at) { return found }
                let pending = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM invitation
                        WHERE network_id = ? AND email = ? AND accepted_member_id IS NULL AND revoked_at_ms IS NULL
                          AND expires_at_ms > ?
                        ORDER BY id DESC LIMIT 1
                        """,
                    arguments: [invitation.networkID, invitation.email, at.storedMilliseconds])
                if let pending { return .pending(invitationID: pending) }
                return .created(try Self.insert(db, invitation, kind: .invitation))
            }
        }
    }

    /// The invitation `key` made for the same inviter, under `invitation`'s token; nil: none.
    private static func reissue(_ db: Database, _ invitation: NewInvitation, key: InvitationKey, at: Date) throws
        -> StoredBatchInvitation?
    {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM invitation WHERE invited_by_member_id = ? AND creation_key_hash = ?",
            arguments: [invitation.invitedByMemberID, key.keyHash])
        else { return nil }
        let read = RowReader(row: row, table: "invitation")
        guard try read.optionalData("creation_request_hash") == key.requestHash else { return .differentRequest }
        if try read.optionalInt64("claimed_at_ms") != nil { return .accepted }
        let found = try Self.invitation(from: row)
        try replaceToken(db, of: found, token: invitation.token, kind: .invitation, at: at)
        return .reissued(found)
    }

    public func memberIDs(emails: [String]) async throws -> [String: Int64] {
        guard !emails.isEmpty else { return [:] }
        return try await pool.read { db in
            let marks = Array(repeating: "?", count: emails.count).joined(separator: ", ")
            var found: [String: Int64] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT email, member_id FROM credential WHERE email IN (\(marks))",
                arguments: StatementArguments(emails)) {
                let read = RowReader(row: row, table: "credential")
                found[try read.string("email")] = try read.int64("member_id")
            }
            return found
        }
    }

    private static func listingRow(_ db: Database, id: Int64, networkID: Int64, at: Date) throws -> InvitationListing? {
        try Row.fetchOne(
            db, sql: "SELECT *, \(stateSQL) AS state FROM invitation WHERE id = :id AND network_id = :network",
            arguments: ["id": id, "network": networkID, "now": at.storedMilliseconds]
        ).map(listing)
    }

    static func listing(from row: Row) throws -> InvitationListing {
        let read = RowReader(row: row, table: "invitation")
        let state = try read.enumeration("state", as: InvitationState.self)
        let acceptedMemberID = try read.optionalInt64("accepted_member_id")
        return InvitationListing(
            invitation: try invitation(from: row), state: state,
            acceptedAt: acceptedMemberID == nil ? nil : try read.optionalInt64("claimed_at_ms").map { Date(storedMilliseconds: $0) },
            acceptedMemberID: acceptedMemberID,
            revokedAt: try read.optionalInt64("revoked_at_ms").map { Date(storedMilliseconds: $0) })
    }
}
