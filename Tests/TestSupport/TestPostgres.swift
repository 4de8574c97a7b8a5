import Foundation
import PostgresSupport

/// The PostgreSQL the tests run against, when they do: `PEERHOURS_TEST_DATABASE_URL` names a
/// database (`.ci/run` starts a throwaway cluster, `scripts/pg_cluster.sh`). Fixtures that open a
/// store open the PostgreSQL one when it is set (the conformance suites: the same tests over
/// both stores), each in a schema of its own, so tests never see each other's rows.
public enum TestPostgres {
    /// The database URL, when the tests run against PostgreSQL.
    public static let url: String? = {
        let value = ProcessInfo.processInfo.environment["PEERHOURS_TEST_DATABASE_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    /// Whether fixtures open PostgreSQL stores.
    public static var isSelected: Bool { url != nil }

    /// A location on the test database with a new, empty schema.
    public static func freshLocation() async throws -> PostgresLocation {
        guard let url else { throw TestPostgresError.notConfigured }
        let base = try PostgresLocation.parse(url)
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = PostgresPool(base, label: "peerhours.tests")
        defer { admin.close() }
        try await admin.transaction { connection in
            try await connection.query(.init(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: .init(label: "peerhours.tests"))
        }
        var location = base
        location.schema = schema
        location.connectionsMax = 4
        return location
    }
}

public enum TestPostgresError: Error {
    case notConfigured
}
