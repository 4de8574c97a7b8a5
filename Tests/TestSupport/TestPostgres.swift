import Foundation
import PostgresSupport

/// The PostgreSQL the tests run against, when they do: `PEERHOURS_TEST_DATABASE_URL` names a
/// database (`.ci/run` starts a throwaway cluster, `scripts/pg_cluster.sh`). Fixtures that open a
/// store open the PostgreSQL one when it is set (the conformance suites: the same tests over
/// both stores), each in a database of its own, so tests never see each other's rows (the stores
/// keep their fixed schema names, `ledger`, `exchange`, …, inside it).
public enum TestPostgres {
    /// The database URL, when the tests run against PostgreSQL.
    public static let url: String? = {
        let value = ProcessInfo.processInfo.environment["PEERHOURS_TEST_DATABASE_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    /// Whether fixtures open PostgreSQL stores.
    public static var isSelected: Bool { url != nil }

    /// A location on a new, empty database of the test cluster. Several stores opened on it share
    /// it, as `serve` opens them.
    public static func freshLocation() async throws -> PostgresLocation {
        guard let url else { throw TestPostgresError.notConfigured }
        let base = try PostgresLocation.parse(url)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = PostgresPool(base, label: "peerhours.tests")
        defer { admin.close() }
        // CREATE DATABASE cannot run in a transaction block.
        _ = try await admin.read { connection in
            try await connection.query(.init(unsafeSQL: "CREATE DATABASE \(name)"), logger: .init(label: "peerhours.tests"))
        }
        var location = base
        location.database = name
        location.connectionsMax = 4
        return location
    }
}

public enum TestPostgresError: Error {
    case notConfigured
}
