import Foundation
import GRDB
import Identity
import SQLiteSupport

/// Erasing a member's identity (`IdentityStore.eraseMember`), in one transaction. The pool's
/// connections run with `secure_delete` on (`DurableDatabasePool`).
extension SQLiteIdentityStore {
    public func eraseMember(memberID: Int64, email: String?, accountKeys: [Data]) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM session WHERE member_id = ?", arguments: [memberID])
            try db.execute(sql: "DELETE FROM password_reset WHERE member_id = ?", arguments: [memberID])
            try db.execute(sql: "DELETE FROM outbox WHERE recipient_member_id = ?", arguments: [memberID])
            if let email {
                try db.execute(sql: "DELETE FROM outbox WHERE recipient_address = ?", arguments: [email])
                try db.execute(sql: "DELETE FROM invitation WHERE email = ?", arguments: [email])
            }
            for key in accountKeys {
                try db.execute(sql: "DELETE FROM login_attempt WHERE account_key = ?", arguments: [key])
            }
            try db.execute(sql: "DELETE FROM credential WHERE member_id = ?", arguments: [memberID])
            return db.changesCount == 1
        }
    }
}
