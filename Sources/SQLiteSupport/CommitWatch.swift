import GRDB
import Synchronization

/// Who may commit to a store's database file while this process has it open, which decides how
/// its read caches stay coherent.
public enum CacheCoherence: Sendable, Hashable {
    /// Several processes (or several stacks in one process) write the same file: every read cache
    /// checks `PRAGMA data_version` (`CommitWatch`) and is emptied by any connection's commit;
    /// caches that cannot be kept so are not used. The safe default.
    case sharedFile
    /// This store's writer is the only one: the process holds the data directory's lock
    /// (`peerhours serve` takes it before opening a store), so the commits its own writer
    /// reports are all the commits there are, and caches are emptied by those (per table).
    case exclusiveFile
}

/// Tells whether any connection — another process's, or this process's writer — has committed
/// to the database since a value was read: `PRAGMA data_version` on a read-only connection of
/// its own (a `PointReader` used by nothing else), which SQLite changes whenever another
/// connection commits. One short statement on the caller's thread.
public final class CommitWatch: Sendable {
    private let reader: PointReader

    public init(path: String, label: String) throws {
        reader = try PointReader(path: path, label: label)
    }

    /// The database's data version as this connection sees it now: equal to an earlier answer
    /// only if no other connection committed in between.
    public func dataVersion() throws -> Int64 {
        try reader.read { db in try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0 }
    }
}
