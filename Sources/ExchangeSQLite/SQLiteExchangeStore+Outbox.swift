import Outbox
import SQLiteSupport

extension SQLiteExchangeStore {
    /// This database's outbox (notices of exchanges, group sessions, memberships, agreements), as
    /// the delivery service reads and settles it.
    public var outbox: any OutboxRepository { SQLiteOutbox(writer: pool, source: .exchange) }
}
