import PostgresNIO

/// What a PostgreSQL error means to a store, by its SQLSTATE (never by its message, which can
/// quote a row's values).
public enum PostgresErrors {
    /// The SQLSTATE of a server error, when `error` is one.
    public static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// 23505: a unique constraint refused the row.
    public static func isUniqueViolation(_ error: any Error) -> Bool { sqlState(error) == "23505" }

    /// 40001 (serialization failure) or 40P01 (deadlock): the transaction may be run again.
    public static func isRetryable(_ error: any Error) -> Bool {
        let state = sqlState(error)
        return state == "40001" || state == "40P01"
    }

    /// The database could not be reached or the connection was lost: the request may succeed
    /// later (503), and nothing it was doing was acknowledged.
    public static func isUnavailable(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
                 .sslUnsupported, .failedToAddSSLHandler:
                return true
            case .server:
                // 08xxx: connection exceptions; 57P01-03: the server is shutting down or starting.
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
            default:
                return false
            }
        }
        // The pool's own errors (its circuit breaker after repeated refused connections) and NIO's
        // channel errors are not public types to match on.
        let name = String(describing: type(of: error))
        return name.contains("ConnectionPoolError") || name.contains("ChannelError")
    }
}
