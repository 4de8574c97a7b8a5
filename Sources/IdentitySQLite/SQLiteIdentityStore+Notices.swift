import Foundation
import GRDB
import Identity
import Outbox

/// The identity database's unsent emails that a change makes pointless: an invitation's whose
/// token was replaced, revoked or accepted, a password reset's that a newer one voided. Dropped
/// in the transaction of that change, so no email carries a link that was dead when written.
extension SQLiteIdentityStore {
    static let invitationKindsSQL = IdentityNotices.invitationKinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    static func dropUnsentInvitationEmails(_ db: Database, invitationIDs: [Int64]) throws {
        guard !invitationIDs.isEmpty else { return }
        precondition(invitationIDs.count <= 1_000, "a bounded list of invitations")
        let marks = Array(repeating: "?", count: invitationIDs.count).joined(separator: ", ")
        try db.execute(
            sql: """
                DELETE FROM outbox
                WHERE state = 'pending' AND kind IN (\(invitationKindsSQL)) AND subject_id IN (\(marks))
                """,
            arguments: StatementArguments(invitationIDs))
    }

    /// Of every unaccepted, unrevoked invitation of the network to `email` (a resend revokes them).
    static func dropUnsentInvitationEmails(_ db: Database, networkID: Int64, email: String) throws {
        try db.execute(
            sql: """
                DELETE FROM outbox
                WHERE state = 'pending' AND kind IN (\(invitationKindsSQL)) AND subject_id IN (
                    SELECT id FROM invitation
                    WHERE network_id = ? AND email = ? AND accepted_member_id IS NULL AND revoked_at_ms IS NULL)
                """,
            arguments: [networkID, email])
    }

    static func dropUnsentPasswordResetEmails(_ db: Database, memberID: Int64) throws {
        try db.execute(
            sql: "DELETE FROM outbox WHERE state = 'pending' AND kind = ? AND subject_id = ?",
            arguments: [NoticeKind.passwordReset.rawValue, memberID])
    }
}
