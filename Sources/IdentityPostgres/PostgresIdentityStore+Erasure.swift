import Foundation
import Identity
import PostgresSupport

/// Erasing a member's identity (`IdentityStore.eraseMember`), in one transaction.
extension PostgresIdentityStore {
    public func eraseMember(memberID: Int64, email: String?, accountKeys: [Data]) async throws -> Bool {
        try await pool.transaction { connection in
            try await connection.query("DELETE FROM session WHERE member_id = \(memberID)", logger: logger)
            try await connection.query("DELETE FROM password_reset WHERE member_id = \(memberID)", logger: logger)
            try await connection.query("DELETE FROM outbox WHERE recipient_member_id = \(memberID)", logger: logger)
            if let email {
                try await connection.query("DELETE FROM outbox WHERE recipient_address = \(email)", logger: logger)
                try await connection.query("DELETE FROM invitation WHERE email = \(email)", logger: logger)
            }
            for key in accountKeys {
                try await connection.query("DELETE FROM login_attempt WHERE account_key = \(key)", logger: logger)
            }
            return try await Self.count(connection.query(
                "DELETE FROM credential WHERE member_id = \(memberID) RETURNING member_id", logger: logger)) == 1
        }
    }
}
