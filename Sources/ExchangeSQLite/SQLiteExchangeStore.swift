import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// The exchange domain's store on embedded SQLite (GRDB): WAL, `synchronous = FULL` (read back
/// at open, `DurableDatabasePool`), one writer connection whose concurrent writes share a commit
/// (`GroupCommitWriter`), a pool of readers, FTS5 for search.
public final class SQLiteExchangeStore: ExchangeStore {
    /// The database file inside a data directory.
    public static let fileName = "exchange.sqlite"

    let pool: DatabasePool
    /// Every write goes through it: concurrent writes share one durable commit.
    let writer: GroupCommitWriter
    /// The one-row read of every exchange step (`exchange(_:)`), on the caller's thread.
    let pointReader: PointReader
    /// Exchange rows as last committed by this store (`ExchangeRowCache`); kept only when this
    /// store is the file's one writer (`CacheCoherence.exclusiveFile`).
    let exchangeRows: ExchangeRowCache
    /// How the read caches learn of commits (`CacheCoherence`).
    public let coherence: CacheCoherence

    /// Hits and misses of the exchange row cache (tests and diagnostics).
    public var exchangeRowCacheCounts: (hits: Int, misses: Int) { exchangeRows.counts }
    public let path: String
    /// Memberships as read, which every authorised request asks for; emptied by every commit
    /// that changed a row of `memberships` (`CommittedReadCache`), so an activation, a
    /// suspension or a role change holds from the next request on.
    let membershipCache = CommittedReadCache<MembershipKey, Membership?>(tables: ["memberships"])
    let membershipsOfMemberCache = CommittedReadCache<MemberID, [Membership]>(tables: ["memberships"])

    /// Networks, offers and blocks as read by every proposal and acceptance, each emptied by
    /// every commit that changed its table.
    let networkCache = CommittedReadCache<NetworkID, Network?>(tables: ["networks"])
    let offerCache = CommittedReadCache<OfferID, Offer?>(tables: ["offers"])
    let blocksCache = CommittedReadCache<[MemberID], [Block]>(tables: ["member_blocks"])
    typealias Block = (MemberID, MemberID)

    /// What every signed-in page reads about its member — the profile, their settings, their
    /// own offers and requests — each emptied by every commit that changed its table.
    let memberCache = CommittedReadCache<MemberID, Member?>(tables: ["members"])
    let memberSettingsCache = CommittedReadCache<MemberID, MemberSettings?>(tables: ["member_settings"])
    let offersOfSupporterCache = CommittedReadCache<OwnListKey, [Offer]>(tables: ["offers"])
    let requestsOfRequesterCache = CommittedReadCache<OwnListKey, [SupportRequest]>(tables: ["requests"])

    /// A page of one member's own offers or requests.
    struct OwnListKey: Hashable, Sendable {
        var memberID: MemberID
        var afterID: Int64
        var limit: Int
    }

    struct MembershipKey: Hashable, Sendable {
        var memberID: MemberID
        var networkID: NetworkID
    }

    /// Hits and misses of the membership caches (tests and diagnostics).
    public var membershipCacheCounts: (hits: Int, misses: Int) {
        let one = membershipCache.counts
        let all = membershipsOfMemberCache.counts
        return (one.hits + all.hits, one.misses + all.misses)
    }

    /// Opens (creating if needed) `exchange.sqlite` in `directory` and runs the migrations.
    /// `coherence`: `.exclusiveFile` only when the caller holds the data directory's lock.
    public static func open(directory: String, readersMax: Int = 4, coherence: CacheCoherence = .sharedFile) throws -> SQLiteExchangeStore {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try SQLiteExchangeStore(path: (directory as NSString).appendingPathComponent(fileName), readersMax: readersMax,
                                       coherence: coherence)
    }

    private init(path: String, readersMax: Int, coherence: CacheCoherence) throws {
        self.coherence = coherence
        exchangeRows = ExchangeRowCache(enabled: coherence == .exclusiveFile)
        pool = try DurableDatabasePool.open(path: path, label: "peerhours.exchange", readersMax: readersMax)
        writer = GroupCommitWriter(pool: pool)
        self.path = path
        try ExchangeMigrations.migrator.migrateRefusingNewer(pool)
        pointReader = try PointReader(path: path, label: "peerhours.exchange.point")
        let watch = coherence == .sharedFile ? try CommitWatch(path: path, label: "peerhours.exchange.watch") : nil
        try membershipCache.attach(to: pool, watch: watch)
        try membershipsOfMemberCache.attach(to: pool, watch: watch)
        try networkCache.attach(to: pool, watch: watch)
        try offerCache.attach(to: pool, watch: watch)
        try blocksCache.attach(to: pool, watch: watch)
        try memberCache.attach(to: pool, watch: watch)
        try memberSettingsCache.attach(to: pool, watch: watch)
        try offersOfSupporterCache.attach(to: pool, watch: watch)
        try requestsOfRequesterCache.attach(to: pool, watch: watch)
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL).
    public func synchronousSetting() async throws -> Int {
        try await DurableDatabasePool.synchronousSetting(of: pool)
    }

    /// The database's journal mode (`wal`).
    public func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Allocates `count` consecutive ids from the named counter, inside the caller's transaction.
    static func allocate(_ db: Database, _ counter: String, count: Int) throws -> Int64 {
        precondition(count > 0)
        guard let first = try Int64.fetchOne(db.cachedStatement(sql: "SELECT next_id FROM ledger_id_sequence WHERE name = ?"),
                                             arguments: [counter])
        else { throw MalformedRow(table: "ledger_id_sequence", column: counter) }
        try db.cachedStatement(sql: "UPDATE ledger_id_sequence SET next_id = next_id + ? WHERE name = ?")
            .execute(arguments: [count, counter])
        return first
    }

    public func allocateTransferIDs(count: Int) async throws -> TransferID {
        try await writer.write { db in TransferID(try Self.allocate(db, "transfer", count: count)) }
    }

    public func allocateAccountIDs(count: Int) async throws -> AccountID {
        try await writer.write { db in AccountID(try Self.allocate(db, "account", count: count)) }
    }

    /// Runs a write, turning a unique-constraint violation into `ExchangeError.conflict`.
    func write<Value: Sendable>(conflict: String, _ body: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        do {
            return try await writer.write(body)
        } catch where Stored.isUniqueViolation(error) {
            throw ExchangeError.conflict(conflict)
        }
    }

    // MARK: Support kinds

    public func supportKinds() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM support_kinds ORDER BY name") }
    }

    public func insertSupportKind(_ name: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO support_kinds (name) VALUES (?)", arguments: [name])
            return db.changesCount == 1
        }
    }
}
