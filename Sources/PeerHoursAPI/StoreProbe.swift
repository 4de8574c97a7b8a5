/// Which database the instance's stores are on and a cheap check that it answers, for `/health`:
/// a load balancer takes an instance whose database does not answer out of rotation (503).
public struct StoreProbe: Sendable {
    public enum Engine: String, Sendable {
        case sqlite
        case postgres
    }

    public var engine: Engine
    /// True when the database answered; never throws, never waits long (a bounded ping).
    public var answers: @Sendable () async -> Bool
    /// The database's size in bytes, for the metrics (SQLite: its files; PostgreSQL:
    /// `pg_database_size`). Nil when unknown (a test's store).
    public var sizeBytes: (@Sendable () async throws -> Int64)?

    public init(engine: Engine, sizeBytes: (@Sendable () async throws -> Int64)? = nil, answers: @escaping @Sendable () async -> Bool) {
        self.engine = engine
        self.sizeBytes = sizeBytes
        self.answers = answers
    }

    /// The embedded store: its files are opened by this process, which is answering.
    public static let embedded = StoreProbe(engine: .sqlite) { true }

    /// The embedded store in `directory`, its size the files there (`DataDirectorySize`).
    public static func embeddedFiles(directory: String) -> StoreProbe {
        StoreProbe(engine: .sqlite, sizeBytes: { try DataDirectorySize.bytes(directory: directory) }) { true }
    }
}
