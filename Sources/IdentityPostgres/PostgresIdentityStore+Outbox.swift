import Outbox
import PostgresSupport

extension PostgresIdentityStore {
    /// The identity outbox (invitations, password resets), as the delivery service reads and
    /// settles it: claims are leased, so several instances deliver it at once without sending a
    /// row twice in one pass (`PostgresOutbox`).
    public var outbox: PostgresOutbox { PostgresOutbox(pool: pool, source: .identity) }
}
