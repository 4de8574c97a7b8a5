import Foundation
import Identity
import Logging
import Outbox
import PostgresNIO

/// The identity tables' unsent emails that a change makes pointless: an invitation's whose
/// token was replaced, revoked or accepted, a password reset's that a newer one voided. Dropped
/// in the transaction of that change, so no email carries a link that was dead when written.
extension PostgresIdentityStore {
    static let invitationKinds = IdentityNotices.invitationKinds.map(\.rawValue)

    static func dropUnsentInvitationEmails(_ connection: PostgresConnection, invitationIDs: [Int64], logger: Logger) async throws {
        guard !invitationIDs.isEmpty else { return }
        precondition(invitationIDs.count <= 1_000, "a bounded list of invitations")
        try await connection.query("""
            DELETE FROM outbox
            WHERE state = 'pending' AND kind = ANY(\(invitationKinds)) AND subject_id = ANY(\(invitationIDs))
            """, logger: logger)
    }

    /// Of every unaccepted, unrevoked invitation of the network to `email` (a resend revokes them).
    static func dropUnsentInvitationEmails(_ connection: PostgresConnection, networkID: Int64, email: String, logger: Logger)
        async throws
    {
        try await connection.query("""
            DELETE FROM outbox
            WHERE state = 'pending' AND kind = ANY(\(invitationKinds)) AND subject_id IN (
                SELECT id FROM invitation
                WHERE network_id = \(networkID) AND email = \(email) AND accepted_member_id IS NULL AND revoked_at_ms IS NULL)
            """, logger: logger)
    }

    static func dropUnsentPasswordResetEmails(_ connection: PostgresConnection, memberID: Int64, logger: Logger) async throws {
        try await connection.query("""
            DELETE FROM outbox WHERE state = 'pending' AND kind = \(NoticeKind.passwordReset.rawValue) AND subject_id = \(memberID)
            """, logger: logger)
    }
}
