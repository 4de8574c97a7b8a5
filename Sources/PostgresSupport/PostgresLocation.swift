import Foundation

/// Where a PostgreSQL deployment's database is: parsed from a `postgres://` URL
/// (`serve --database`, `PEERHOURS_DATABASE_URL`). The password never comes from a log line: it
/// is read from the URL, else `PEERHOURS_DATABASE_PASSWORD`, else the file named by
/// `PEERHOURS_DATABASE_PASSWORD_FILE`, and `description` never shows it.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// `sslmode=require` asks for TLS; `disable` (the default on loopback) and `prefer` do not insist.
    public var requireTLS: Bool
    /// Connections each store's pool may open (the URL's `pool` parameter, 1–100; default 10).
    public var connectionsMax: Int

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
                requireTLS: Bool = false, connectionsMax: Int = 10) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
        self.connectionsMax = connectionsMax
    }

    /// The URL without its password.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// Reads `url` (`postgres://user[:password]@host[:port]/database[?sslmode=…&pool=…]`),
    /// taking a password missing from it from `environment`.
    public static func parse(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> PostgresLocation
    {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql"
        else { throw PostgresLocationError.notAPostgresURL }
        guard let host = components.host, !host.isEmpty else { throw PostgresLocationError.missing("host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresLocationError.missing("user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw PostgresLocationError.missing("database") }
        if let port = components.port, !(1...65535).contains(port) { throw PostgresLocationError.invalid("port") }
        var location = PostgresLocation(host: host, port: components.port ?? 5432, user: user,
                                        password: components.password, database: database)
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                switch value {
                case "disable", "allow", "prefer": location.requireTLS = false
                case "require", "verify-ca", "verify-full": location.requireTLS = true
                default: throw PostgresLocationError.invalid("sslmode")
                }
            case "pool":
                guard let count = Int(value), (1...100).contains(count) else { throw PostgresLocationError.invalid("pool") }
                location.connectionsMax = count
            default:
                throw PostgresLocationError.unknownParameter(item.name)
            }
        }
        if location.password == nil {
            if let password = environment["PEERHOURS_DATABASE_PASSWORD"], !password.isEmpty {
                location.password = password
            } else if let file = environment["PEERHOURS_DATABASE_PASSWORD_FILE"], !file.isEmpty {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
                else { throw PostgresLocationError.passwordFileUnreadable }
                location.password = text.trimmingCharacters(in: .newlines)
            }
        }
        return location
    }

    /// Letters, digits and underscores, starting with a letter or underscore, at most 63 bytes:
    /// safe to write into SQL unquoted.
    public static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 63 else { return false }
        let isStart = { (c: Unicode.Scalar) in (c >= "a" && c <= "z") || c == "_" }
        return isStart(first) && name.unicodeScalars.allSatisfy { isStart($0) || ($0 >= "0" && $0 <= "9") }
    }
}

public enum PostgresLocationError: Error, Hashable, CustomStringConvertible {
    case notAPostgresURL
    case missing(String)
    case invalid(String)
    case unknownParameter(String)
    case passwordFileUnreadable

    public var description: String {
        switch self {
        case .notAPostgresURL: "a database URL must start with postgres:// (postgres://user@host:5432/database)"
        case .missing(let part): "the database URL has no \(part) (postgres://user@host:5432/database)"
        case .invalid(let part): "the database URL's \(part) is not valid"
        case .unknownParameter(let name): "the database URL's parameter \(name) is not one of sslmode, pool"
        case .passwordFileUnreadable: "PEERHOURS_DATABASE_PASSWORD_FILE names a file that cannot be read as text"
        }
    }
}
