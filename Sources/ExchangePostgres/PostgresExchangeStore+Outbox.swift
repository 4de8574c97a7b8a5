import Outbox
import PostgresSupport

extension PostgresExchangeStore {
    /// This database's outbox (notices of exchanges, group sessions, memberships, agreements), as
    /// the delivery service reads and settles it: `PostgresOutbox`, whose reads claim the rows
    /// they answer, so several instances never send one notice at once.
    public var outbox: any OutboxRepository { PostgresOutbox(pool: database, source: .exchange) }

    /// The pending notices, without claiming them (tests and diagnostics).
    public var pendingOutbox: PostgresOutbox { PostgresOutbox(pool: database, source: .exchange) }
}
