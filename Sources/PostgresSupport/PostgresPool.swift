import Foundation
import Ledger
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// One store's connection pool on a PostgreSQL database. Opening it starts the pool's run loop
/// (PostgresNIO needs it running before the first query); `close()` ends it. The label is
/// `peerhours.<store>` (or `peerhours.<store>.<more>`), and the store's tables are found in the schema `<store>` (its
/// `search_path`), which the store's `PostgresMigrator(store: "<store>")` creates: the stores
/// share a database as they share a data directory on SQLite, each in its own namespace (a
/// report reads the ledger's tables as `ledger.<table>`, as SQLite's attached file).
///
/// Every write is a transaction of its own (`transaction`), retried from the start a bounded
/// number of times when PostgreSQL reports a serialization failure or a deadlock, so a caller's
/// body must be a function of what it reads inside the transaction.
public final class PostgresPool: Sendable {
    public let location: PostgresLocation
    public let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>
    /// When a connection was last handed out: a busy pool waits longer than a silent database.
    private let leases = LeaseHistory()
    /// The store's name in `StoreUnavailable` (the label without its `peerhours.` prefix).
    let storeName: String

    /// Times a transaction is tried when PostgreSQL aborts it for a serialization failure or deadlock.
    public static let attemptsMax = 8

    public init(_ location: PostgresLocation, label: String, logger: Logger = Logger(label: "peerhours.postgres")) {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: location.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = location.connectionsMax
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.connectionIdleTimeout = .seconds(30)
        let store = Self.storeName(label: label)
        // Each store's tables live in a schema named after it (`ledger`, `exchange`, …), as each
        // has its own file on SQLite; PostgresMigrator creates it.
        configuration.options.additionalStartupParameters = [("search_path", store), ("application_name", label)]
        var backgroundLogger = logger
        backgroundLogger[metadataKey: "store"] = "\(label)"
        // The pool logs every failed connection attempt at info, several a second while the
        // database is down; the requests refused meanwhile are logged as 503s.
        backgroundLogger.logLevel = max(backgroundLogger.logLevel, .warning)
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        self.location = location
        storeName = store
        self.client = client
        self.logger = logger
        runTask = Task { await client.run() }
    }

    /// The store a label names: `peerhours.<store>` or `peerhours.<store>.<anything>` → `<store>`
    /// (letters, digits and underscores); `public` when the label names none.
    static func storeName(label: String) -> String {
        let rest = label.hasPrefix("peerhours.") ? label.dropFirst("peerhours.".count) : Substring(label)
        let name = rest.prefix { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
        return PostgresLocation.isPlainIdentifier(String(name)) ? String(name) : "public"
    }

    /// Ends the pool: queries after it fail.
    public func close() {
        runTask.cancel()
    }

    /// `body` inside BEGIN … COMMIT on one connection; ROLLBACK and rethrow (the body's own error,
    /// unwrapped) when it throws. Retried on serialization failures and deadlocks. A lost or
    /// refused connection is thrown as `StoreUnavailable` (the outcome of a COMMIT whose answer
    /// was lost is unknown to the caller, as with any database: keyed retries resolve it).
    public func transaction<Value: Sendable>(
        isolation level: IsolationLevel = .readCommitted,
        _ body: @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        var attempt = 1
        while true {
            do {
                return try await withLeasedConnection { connection in
                    try await Self.run(on: connection, level: level, logger: logger, body)
                }
            } catch let error where PostgresErrors.isRetryable(error) && attempt < Self.attemptsMax {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            } catch let error where PostgresErrors.isUnavailable(error) {
                throw StoreUnavailable(store: storeName)
            }
        }
    }

    /// One read on a pooled connection, outside an explicit transaction.
    public func read<Value: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        do {
            return try await withLeasedConnection { connection in try await body(connection) }
        } catch let error where PostgresErrors.isUnavailable(error) {
            throw StoreUnavailable(store: storeName)
        }
    }

    /// Whether the database answers a trivial query, waiting at most `leaseTimeout` for a connection
    /// (a health check must not hang on a busy pool either). A failed ping counts as a failed lease.
    public func ping() async -> Bool {
        let logger = self.logger
        return (try? await withLeasedConnection(timeout: Self.leaseTimeout) { connection in
            try await connection.query("SELECT 1", logger: logger)
        }) != nil
    }

    /// How long an operation waits for a connection before it is refused as `StoreUnavailable`
    /// once the database has failed (a lease refused, nothing handed out since): the pool's own
    /// retries would otherwise hold every request for a minute while it is down.
    public static let leaseTimeout: Duration = .seconds(3)
    /// How long it waits otherwise: a busy pool, a loaded server, or connections opened again
    /// after a quiet spell, none of which is a lost database.
    public static let busyLeaseTimeout: Duration = .seconds(30)

    /// `body` on a pooled connection, unless none can be had within `leaseTimeout`. Once `body`
    /// has its connection it is never cancelled from here (a transaction runs to its COMMIT or
    /// ROLLBACK).
    private func withLeasedConnection<Value: Sendable>(
        timeout: Duration? = nil, _ body: @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        // The task group below awaits every child before it returns, so `body` does not outlive this call.
        try await withoutActuallyEscaping(body) { body in try await leasing(timeout: timeout, body) }
    }

    private func leasing<Value: Sendable>(
        timeout chosen: Duration?, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let leased = LeaseFlag()
        let client = self.client
        let storeName = self.storeName
        let leases = self.leases
        let timeout = chosen ?? (leases.isFailing ? Self.leaseTimeout : Self.busyLeaseTimeout)
        return try await withThrowingTaskGroup(of: LeaseOutcome<Value>.self) { group in
            group.addTask {
                .value(try await client.withConnection { connection in
                    leased.set()
                    leases.recordSuccess()
                    return try await body(connection)
                })
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return .timedOut
            }
            do {
                while let outcome = try await group.next() {
                    switch outcome {
                    case .value(let value):
                        group.cancelAll()
                        return value
                    case .timedOut where !leased.isSet:
                        group.cancelAll()
                        leases.recordFailure()
                        throw StoreUnavailable(store: storeName)
                    case .timedOut:
                        continue
                    }
                }
            } catch let error where !leased.isSet && (error is CancellationError || PostgresErrors.isUnavailable(error)) {
                group.cancelAll()
                if !(error is CancellationError) { leases.recordFailure() }
                throw StoreUnavailable(store: storeName)
            }
            throw StoreUnavailable(store: storeName)
        }
    }

    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    private static func run<Value: Sendable>(
        on connection: PostgresConnection, level: IsolationLevel, logger: Logger,
        _ body: @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        try await connection.query(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(level.rawValue)"), logger: logger)
        let value: Value
        do {
            value = try await body(connection)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
        try await connection.query("COMMIT", logger: logger)
        return value
    }
}

private enum LeaseOutcome<Value: Sendable>: Sendable {
    case value(Value)
    case timedOut
}

/// Whether the pool's last lease failed (no connection within the wait, or the database refused
/// one) with none handed out since: then the database is taken as down and waits are short.
private final class LeaseHistory: Sendable {
    /// 1: the last outcome was a failure; 0: a success, or nothing yet.
    private let failing = Atomic<Int8>(0)

    func recordSuccess() { failing.store(0, ordering: .relaxed) }
    func recordFailure() { failing.store(1, ordering: .relaxed) }
    var isFailing: Bool { failing.load(ordering: .relaxed) == 1 }
}

/// Set once the operation holds a connection.
private final class LeaseFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
