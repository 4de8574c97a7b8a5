import Foundation
import GRDB
import Ledger
import Logging
import SQLiteSupport
import Synchronization

/// The ledger on embedded SQLite (GRDB): WAL, `synchronous = FULL` unless the caller opts into
/// less durability by name, one writer connection, a pool of readers.
public final class SQLiteLedgerStore: LedgerStore {
    public struct Options: Sendable {
        public var durability: Durability
        /// Verify the whole journal when opening, and refuse to open on any failure.
        public var verifiesOnOpen: Bool
        public var busyTimeoutSeconds: Double
        public var readersMax: Int
        /// How the account cache learns of commits: `.exclusiveFile` only when the caller holds
        /// the data directory's lock. (The writer's own cache checks `data_version` inside every
        /// write transaction whatever this says.)
        public var cacheCoherence: CacheCoherence

        public init(
            durability: Durability = .full, verifiesOnOpen: Bool = true,
            busyTimeoutSeconds: Double = 5, readersMax: Int = 4, cacheCoherence: CacheCoherence = .sharedFile
        ) {
            self.cacheCoherence = cacheCoherence
            self.durability = durability
            self.verifiesOnOpen = verifiesOnOpen
            self.busyTimeoutSeconds = busyTimeoutSeconds
            self.readersMax = readersMax
        }
    }

    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous = FULL`: a commit is on disk before it is acknowledged.
        case full
        /// `synchronous = NORMAL` in WAL mode: faster, but the last commits before a power
        /// loss or OS crash may be lost. Never the default.
        case normalLosesRecentCommitsOnPowerLoss = "normal-loses-recent-commits-on-power-loss"

        var pragmaValue: Int { self == .full ? 2 : 1 }
    }

    /// The database file inside a data directory.
    public static let fileName = "ledger.sqlite"

    private let pool: DatabasePool
    /// Used only inside write transactions (which GRDB serialises); the lock makes that visible.
    private let writerCache = Mutex<WriterCache?>(nil)
    /// Accounts as read by the API (a balance per request): emptied by every commit to the
    /// ledger (`CommittedReadCache`) before the committing command is acknowledged, so a hit is
    /// exactly the committed state, never a value of a transaction not yet durable.
    private let accountCache = CommittedReadCache<AccountID, Account>()
    /// The one-row read of an account the cache misses (under load every commit empties the
    /// cache, so nearly every proposal's and acceptance's credit check reads), on the caller's
    /// thread: no hop to a reader's queue and back (`PointReader`).
    private let pointReader: PointReader
    public let path: String

    /// Hits and misses of the account read cache (tests and diagnostics).
    public var accountCacheCounts: (hits: Int, misses: Int) { accountCache.counts }

    /// Opens (creating if needed) the ledger in `directory`, runs migrations, sets durability,
    /// and unless told otherwise verifies the journal, throwing `LedgerError.corrupted` when it
    /// does not hold.
    public static func open(directory: String, options: Options = Options()) async throws -> SQLiteLedgerStore {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try SQLiteLedgerStore(path: (directory as NSString).appendingPathComponent(fileName), options: options)
        if options.verifiesOnOpen {
            do {
                _ = try await store.verify()
            } catch let failure as VerificationFailure {
                throw LedgerError.corrupted(failure)
            }
        }
        return store
    }

    private init(path: String, options: Options) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeoutSeconds)
        configuration.maximumReaderCount = options.readersMax
        configuration.label = "peerhours.ledger"
        pool = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        // GRDB switches the writer to synchronous = NORMAL when it enables WAL, after any
        // prepareDatabase hook has run: set the chosen level here, and read it back.
        let wanted = options.durability.pragmaValue
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(wanted)")
            let actual = try Int.fetchOne(db, sql: "PRAGMA synchronous")
            guard actual == wanted else {
                throw DatabaseError(message: "PRAGMA synchronous is \(actual ?? -1), wanted \(wanted)")
            }
        }
        try LedgerMigrations.migrator.migrateRefusingNewer(pool)
        pointReader = try PointReader(path: path, label: "peerhours.ledger.point")
        let watch = options.cacheCoherence == .sharedFile ? try CommitWatch(path: path, label: "peerhours.ledger.watch") : nil
        try accountCache.attach(to: pool, watch: watch)
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL, 1 = NORMAL).
    public func synchronousSetting() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func commit<Outcome: Sendable>(
        keys: WorkingSetKeys, nowNanoseconds: Int64,
        decide: @escaping @Sendable (LedgerWorkingSet) -> (LedgerChanges, Outcome)
    ) async throws -> Outcome {
        try await pool.writeWithoutTransaction { db in
            try self.writerCache.withLock { cache in
                var committed: (LedgerChanges, LedgerWorkingSet, Outcome, Int64??)?
                do {
                    try db.inTransaction(.immediate) {
                        let version = try WriterCache.dataVersion(db)
                        if cache?.dataVersion != version {
                            cache = try WriterCache.load(db, dataVersion: version)
                        }
                        let source = SQLiteWorkingSetSource(db: db, cache: cache)
                        let set = try WorkingSetLoader.load(keys, nowNanoseconds: nowNanoseconds, from: source)
                        let (changes, result) = decide(set)
                        try SQLiteChangeWriter.write(changes, to: db)
                        let earliest: Int64?? = WriterCache.resolvesPending(changes, loaded: set)
                            ? .some(try WriterCache.earliestDeadline(db)) : .none
                        committed = (changes, set, result, earliest)
                        return .commit
                    }
                } catch {
                    cache = nil
                    throw error
                }
                guard let (changes, set, outcome, earliest) = committed else {
                    preconditionFailure("a committed transaction has an outcome")
                }
                cache?.apply(changes, loaded: set, refreshedEarliestDeadline: earliest)
                return outcome
            }
        }
    }

    public func account(_ id: AccountID) async throws -> Account? {
        let (cached, ticket) = accountCache.lookup(id)
        if let cached { return cached }
        let account = try pointReader.read { db in
            try Row.fetchOne(db.cachedStatement(sql: Self.accountSQL), arguments: [id.rawValue]).map(AccountColumns.decode)
        }
        // Accounts that do not exist (yet) are not kept.
        if let account { accountCache.store(account, for: id, ticket: ticket) }
        return account
    }

    private static let accountSQL = "SELECT \(AccountColumns.list) FROM ledger_accounts WHERE id = ?"

    public func accounts(in network: NetworkID, afterID: AccountID?, limit: Int) async throws -> [Account] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(AccountColumns.list) FROM ledger_accounts WHERE network_id = ? AND id > ? ORDER BY id LIMIT ?
                """, arguments: [network.rawValue, afterID?.rawValue ?? 0, limit]).map(AccountColumns.decode)
        }
    }

    public func transfer(_ id: TransferID) async throws -> Transfer? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(TransferColumns.list) FROM ledger_transfers WHERE id = ?",
                             arguments: [id.rawValue]).map { try TransferColumns.decode($0).transfer }
        }
    }

    public func resolution(ofPending id: TransferID) async throws -> PendingResolution? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT pending_id, status, resolved_by_id, timestamp FROM ledger_pending_resolutions WHERE pending_id = ?
                """, arguments: [id.rawValue]).map { try ResolutionColumns.decode($0) }
        }
    }

    public func statement(of account: AccountID, afterSequence: Int64?, limit: Int) async throws -> [StatementEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(TransferColumns.list) FROM ledger_transfers WHERE debit_account_id = ?1 AND journal_sequence > ?2
                UNION ALL
                SELECT \(TransferColumns.list) FROM ledger_transfers WHERE credit_account_id = ?1 AND journal_sequence > ?2
                ORDER BY journal_sequence LIMIT ?3
                """, arguments: [account.rawValue, afterSequence ?? 0, limit]).map { try TransferColumns.decode($0) }
        }
    }

    public func nextPendingDeadlineNanoseconds() async throws -> Int64? {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(deadline) FROM ledger_pending_open") }
    }

    public func journalHead() async throws -> JournalHead {
        try await pool.read { db in try SQLiteWorkingSetSource(db: db, cache: nil).journalHead() }
    }

    /// The journal's head as `db` sees it (a connection to a ledger file outside any store, e.g.
    /// `peerhours backup`'s copy).
    public static func journalHead(in db: Database) throws -> JournalHead {
        try SQLiteWorkingSetSource(db: db, cache: nil).journalHead()
    }

    public func verify() async throws -> VerificationReport {
        try await pool.read { db in try SQLiteVerification.verify(db) }
    }
}
