import GRDB
import Synchronization

/// A read-through cache of values read from one database, emptied by every commit on that
/// database's writer connection — or, when it is given the tables its values come from, by
/// every commit that inserted, updated or deleted a row of one of them — before the writer
/// returns, so before the caller of the write answers anyone. A value read is kept only if no
/// commit began between the start of its read and its storing: a read that raced a commit
/// never fills the cache with what the commit replaced.
///
/// Hits therefore answer exactly what a read at that moment would: the last committed state,
/// or, while a commit is in progress and not yet acknowledged, the state just before it.
/// Other writers of the file (another process, or another store in this one) are seen only when
/// it is attached with a `CommitWatch` (`CacheCoherence.sharedFile`): then every lookup first
/// asks SQLite's `data_version`, and any connection's commit since the last lookup empties the
/// cache; a value is kept only if no commit happened during its read. Without a watch
/// (`.exclusiveFile`) the process must be the file's only writer — the data directory's lock
/// held by `peerhours serve` makes it so.
///
/// Registered as a transaction observer of the writer (`attach(to:)`), so writes that bypass
/// the store's own helpers invalidate it too. Changes in a savepoint that was rolled back do
/// not count (GRDB drops their events); a rolled-back transaction empties the cache anyway.
public final class CommittedReadCache<Key: Hashable & Sendable, Value: Sendable>: TransactionObserver, Sendable {
    /// The most entries kept; past it the cache is emptied and refills on demand.
    public let entriesMax: Int
    /// The tables whose changes empty the cache; nil: every commit does.
    public let tables: Set<String>?
    private let state: Mutex<State>

    private struct State {
        /// Bumped when a commit starts and when it ends: a read's ticket is good only if
        /// neither happened during the read.
        var generation: UInt64 = 0
        var entries: [Key: Value] = [:]
        /// The transaction on the writer has changed one of `tables`.
        var transactionChangedTables = false
        var hits = 0
        var misses = 0
        /// Set when other connections may commit (`attach(to:watch:)`).
        var watch: CommitWatch?
        /// The data version at the last lookup; entries were read at it or later.
        var seenDataVersion: Int64?
    }

    /// What a read must present to store its value.
    public struct Ticket: Sendable {
        fileprivate let generation: UInt64
    }

    public init(entriesMax: Int = 10_000, tables: Set<String>? = nil) {
        precondition(entriesMax > 0)
        self.entriesMax = entriesMax
        self.tables = tables
        self.state = Mutex(State())
    }

    /// Registers the cache with the pool's writer for the life of the database connection.
    /// Throws when one of `tables` does not exist or is a WITHOUT ROWID table: SQLite reports no
    /// row changes of those, so only `tables: nil` (every commit) can cover them.
    public func attach(to pool: DatabasePool, watch: CommitWatch? = nil) throws {
        state.withLock { $0.watch = watch }
        try pool.writeWithoutTransaction { db in
            for table in tables ?? [] {
                let sql = try String.fetchOne(
                    db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table])
                guard let sql, !sql.uppercased().contains("WITHOUT ROWID") else {
                    throw DatabaseError(message: "a read cache cannot watch table \(table): missing or WITHOUT ROWID")
                }
            }
            db.add(transactionObserver: self, extent: .databaseLifetime)
        }
    }

    /// The cached value, if any, and otherwise a ticket to present with the value read.
    public func lookup(_ key: Key) -> (Value?, Ticket) {
        let watched = watchedDataVersion()
        return state.withLock { state in
            if case .some(let version) = watched, version == nil || version != state.seenDataVersion {
                // Another connection committed since the last lookup (or the watch failed:
                // then nothing read now is kept).
                state.generation &+= 1
                state.entries.removeAll(keepingCapacity: true)
                state.seenDataVersion = version
                if version == nil {
                    state.misses += 1
                    return (nil, Ticket(generation: state.generation &- 1))
                }
            }
            if let value = state.entries[key] {
                state.hits += 1
                return (value, Ticket(generation: state.generation))
            }
            state.misses += 1
            return (nil, Ticket(generation: state.generation))
        }
    }

    /// Keeps `value` unless a commit began since the ticket was issued.
    public func store(_ value: Value, for key: Key, ticket: Ticket) {
        let watched = watchedDataVersion()
        state.withLock { state in
            guard state.generation == ticket.generation else { return }
            if case .some(let version) = watched, version == nil || version != state.seenDataVersion { return }
            if state.entries.count >= entriesMax { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = value
        }
    }

    /// Answers the cached value, or reads, stores and answers it.
    public func value(for key: Key, read: () async throws -> Value) async rethrows -> Value {
        let (cached, ticket) = lookup(key)
        if let cached { return cached }
        let value = try await read()
        store(value, for: key, ticket: ticket)
        return value
    }

    /// nil without a watch; with one, the database's data version now (nil if it could not be read).
    private func watchedDataVersion() -> Int64?? {
        guard let watch = state.withLock({ $0.watch }) else { return nil }
        return .some(try? watch.dataVersion())
    }

    /// Hits and misses so far (tests and diagnostics).
    public var counts: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }
    public var count: Int { state.withLock { $0.entries.count } }

    /// Empties the cache and voids every ticket issued so far.
    public func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }

    // MARK: TransactionObserver

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        tables?.contains(eventKind.tableName) ?? false
    }

    public func databaseDidChange(with event: DatabaseEvent) {
        state.withLock { $0.transactionChangedTables = true }
    }

    public func databaseWillCommit() throws {
        state.withLock { state in
            if tables == nil || state.transactionChangedTables { state.generation &+= 1 }
        }
    }

    public func databaseDidCommit(_ db: Database) {
        state.withLock { state in
            if tables == nil || state.transactionChangedTables {
                state.generation &+= 1
                state.entries.removeAll(keepingCapacity: true)
            }
            state.transactionChangedTables = false
        }
    }

    public func databaseDidRollback(_ db: Database) {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
            state.transactionChangedTables = false
        }
    }
}
