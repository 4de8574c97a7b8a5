import Outbox
import SQLiteSupport

extension SQLiteIdentityStore {
    /// This database's outbox (invitations, password resets), as the delivery service reads and
    /// settles it.
    public var outbox: any OutboxRepository { SQLiteOutbox(writer: pool, source: .identity) }
}
