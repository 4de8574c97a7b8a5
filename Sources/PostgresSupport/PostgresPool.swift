import Foundation
import Ledger
import Logging
import NIOCore
import PostgresNIO

/// One store's connection pool on a PostgreSQL database. Opening it starts the pool's run loop
/// (PostgresNIO needs it running before the first query); `close()` ends it.
///
/// Every write is a transaction of its own (`transaction`), retried from the start a bounded
/// number of times when PostgreSQL reports a serialization failure or a deadlock, so a caller's
/// body must be a function of what it reads inside the transaction.
public final class PostgresPool: Sendable {
    public let location: PostgresLocation
    public let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>
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
        configuration.options.additionalStartupParameters = [("search_path", location.schema), ("application_name", label)]
        var backgroundLogger = logger
        backgroundLogger[metadataKey: "store"] = "\(label)"
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        self.location = location
        storeName = label.hasPrefix("peerhours.") ? String(label.dropFirst("peerhours.".count)) : label
        self.client = client
        self.logger = logger
        runTask = Task { await client.run() }
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
                return try await client.withConnection { connection in
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
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error where PostgresErrors.isUnavailable(error) {
            throw StoreUnavailable(store: storeName)
        }
    }

    /// Whether the database answers a trivial query within `timeout`.
    public func ping(timeout: Duration = .seconds(2)) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { [client] in (try? await client.query("SELECT 1")) != nil }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
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
