/// A store's database could not be reached (a PostgreSQL connection lost or refused, the server
/// restarting). Nothing the failed operation was doing was acknowledged; the same operation may
/// succeed once the database answers again. Answered as 503 with `Retry-After` by the API and as
/// a "try again shortly" page by the web app. Declared here, the base every layer shares, so no
/// layer above the stores names a database library to recognise it.
public struct StoreUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which store (`ledger`, `exchange`, `identity`, `idempotency`).
    public var store: String

    public init(store: String) {
        self.store = store
    }

    public var description: String { "the \(store) database does not answer" }
}
