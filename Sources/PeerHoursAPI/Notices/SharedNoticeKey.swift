import Crypto
import Logging
import PostgresSupport

/// The unsubscribe-link key of instances sharing a PostgreSQL database: one key for all of them
/// (a link one instance signed is followed on another), stored in `settings.secrets` by the
/// first to start. On SQLite the key is the data directory's `notices.key` (`NoticeKeyFile`).
public enum SharedNoticeKey {
    static let secretName = "notices"

    public static func loadOrCreate(_ location: PostgresLocation, logger: Logger) async throws -> SymmetricKey {
        let pool = try await PostgresSharedSecrets.open(location, logger: logger)
        defer { pool.close() }
        let candidate = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        return SymmetricKey(data: try await PostgresSharedSecrets.loadOrStore(pool, name: secretName, candidate: candidate))
    }

    /// A deployment moving from SQLite keeps its key (links already emailed keep working);
    /// answers false when the database holds another key already.
    public static func adopt(_ key: SymmetricKey, location: PostgresLocation, logger: Logger) async throws -> Bool {
        let pool = try await PostgresSharedSecrets.open(location, logger: logger)
        defer { pool.close() }
        let bytes = key.withUnsafeBytes { Array($0) }
        return try await PostgresSharedSecrets.loadOrStore(pool, name: secretName, candidate: bytes) == bytes
    }
}
