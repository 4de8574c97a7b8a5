/// The SQLite store files of a data directory (`peerhours serve --data DIR`), in one fixed order:
/// the one list that `peerhours migrate` copies into PostgreSQL and `peerhours backup` copies
/// into an archive. The ledger and the exchange are required; identity and idempotency exist
/// once `serve` has run. (Each store also names its own file, e.g. `SQLiteLedgerStore.fileName`;
/// this list sits below the stores so every tool that handles a whole directory shares it.)
public enum DataDirectoryStores {
    public struct Store: Sendable, Hashable {
        /// The file's name inside the data directory.
        public let file: String
        /// The store's name, and its schema on PostgreSQL.
        public let schema: String
        public let required: Bool
    }

    public static let all: [Store] = [
        Store(file: "ledger.sqlite", schema: "ledger", required: true),
        Store(file: "exchange.sqlite", schema: "exchange", required: true),
        Store(file: "identity.sqlite", schema: "identity", required: false),
        Store(file: "idempotency.sqlite", schema: "idempotency", required: false),
    ]
}
