import Foundation
import Ledger
import Logging
import PostgresNIO
import PostgresSupport

/// The ledger on PostgreSQL: the same tables, encodings, journal and hashes as
/// `SQLiteLedgerStore`, shared by several instances. Every commit is one transaction that locks
/// the journal's head row first, then the accounts it touches in id order, so commits from any
/// number of instances take one order and the hash chain has one order; group commit inside
/// each instance is `Ledger`'s writer, above the store. No per-process cache: every read asks
/// the database.
public final class PostgresLedgerStore: LedgerStore {
    public struct Options: Sendable {
        /// Verify the whole journal when opening, and refuse to open on any failure.
        public var verifiesOnOpen: Bool

        public init(verifiesOnOpen: Bool = true) {
            self.verifiesOnOpen = verifiesOnOpen
        }
    }

    public let pool: PostgresPool
    private let ownsPool: Bool
    private let logger: Logger

    /// Opens the ledger at `location` on a pool of its own: runs the ledger's migrations (under
    /// the advisory lock, whichever instance comes first) and unless told otherwise verifies the
    /// journal, throwing `LedgerError.corrupted` when it does not hold (as SQLite's `open`).
    public static func open(
        _ location: PostgresLocation, options: Options = Options(), logger: Logger = Logger(label: "peerhours.ledger")
    ) async throws -> PostgresLedgerStore {
        let pool = PostgresPool(location, label: "peerhours.ledger", logger: logger)
        do {
            return try await open(pool: pool, ownsPool: true, options: options, logger: logger)
        } catch {
            pool.close()
            throw error
        }
    }

    /// Opens the ledger on a pool the caller keeps (and closes).
    public static func open(
        pool: PostgresPool, options: Options = Options(), logger: Logger = Logger(label: "peerhours.ledger")
    ) async throws -> PostgresLedgerStore {
        try await open(pool: pool, ownsPool: false, options: options, logger: logger)
    }

    private static func open(pool: PostgresPool, ownsPool: Bool, options: Options, logger: Logger) async throws
        -> PostgresLedgerStore
    {
        try await PostgresLedgerSchema.migrator.migrate(pool)
        let store = PostgresLedgerStore(pool: pool, ownsPool: ownsPool, logger: logger)
        if options.verifiesOnOpen {
            do {
                _ = try await store.verify()
            } catch let failure as VerificationFailure {
                throw LedgerError.corrupted(failure)
            }
        }
        return store
    }

    private init(pool: PostgresPool, ownsPool: Bool, logger: Logger) {
        self.pool = pool
        self.ownsPool = ownsPool
        self.logger = logger
    }

    /// Ends the store's own pool (a pool passed to `open(pool:)` is the caller's to close).
    public func close() {
        if ownsPool { pool.close() }
    }

    /// After `peerhours migrate` has copied a journal in, sets the head row from the journal's
    /// last entry (genesis when empty). Run it in the copying transaction.
    public static let headFromJournalStatement = """
        UPDATE ledger_head SET (sequence, hash, timestamp) = (
          SELECT coalesce(max(sequence), 0),
                 coalesce((SELECT hash FROM ledger_journal ORDER BY sequence DESC LIMIT 1), decode(repeat('00', 32), 'hex')),
                 coalesce((SELECT timestamp FROM ledger_journal ORDER BY sequence DESC LIMIT 1), 0)
          FROM ledger_journal) WHERE id = 1
        """

    /// `synchronous_commit` as a commit's transaction runs with it, after the commit's first
    /// statement (which sets it), starting from `sessionSetting` when given (say `off`, as a
    /// server or role default might be).
    public func synchronousCommitInCommit(startingFrom sessionSetting: String? = nil) async throws -> String {
        let logger = self.logger
        return try await pool.transaction { connection in
            if let sessionSetting {
                try await connection.query("SELECT set_config('synchronous_commit', \(sessionSetting), true)", logger: logger)
            }
            _ = try await PostgresWorkingSet.lockHead(on: connection, logger: logger)
            let rows = try await fetchRows("SHOW synchronous_commit", on: connection, logger: logger)
            return try rows.first.map { try Cells(row: $0, table: "pg_settings").string(0) } ?? ""
        }
    }

    public func commit<Outcome: Sendable>(
        keys: WorkingSetKeys, nowNanoseconds: Int64,
        decide: @escaping @Sendable (LedgerWorkingSet) -> (LedgerChanges, Outcome)
    ) async throws -> Outcome {
        let logger = self.logger
        // Retried whole on a deadlock or serialization failure: `decide` is a function of the
        // working set, which is read again.
        return try await pool.transaction { connection in
            let set = try await PostgresWorkingSet.load(keys, nowNanoseconds: nowNanoseconds, on: connection, logger: logger)
            let (changes, outcome) = decide(set)
            try await PostgresChangeWriter.write(changes, loaded: set.head, on: connection, logger: logger)
            return outcome
        }
    }

    private func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        let logger = self.logger
        return try await pool.read { connection in try await fetchRows(query, on: connection, logger: logger) }
    }

    public func account(_ id: AccountID) async throws -> Account? {
        try await rows("SELECT \(unescaped: PGAccountColumns.list) FROM ledger_accounts WHERE id = \(id.rawValue)")
            .first.map(PGAccountColumns.decode)
    }

    public func accounts(in network: NetworkID, afterID: AccountID?, limit: Int) async throws -> [Account] {
        try await rows("""
            SELECT \(unescaped: PGAccountColumns.list) FROM ledger_accounts
            WHERE network_id = \(network.rawValue) AND id > \(afterID?.rawValue ?? 0) ORDER BY id LIMIT \(Int64(limit))
            """).map(PGAccountColumns.decode)
    }

    public func transfer(_ id: TransferID) async throws -> Transfer? {
        try await rows("SELECT \(unescaped: PGTransferColumns.list) FROM ledger_transfers WHERE id = \(id.rawValue)")
            .first.map { try PGTransferColumns.decode($0).transfer }
    }

    public func resolution(ofPending id: TransferID) async throws -> PendingResolution? {
        try await rows("""
            SELECT \(unescaped: PGResolutionColumns.list) FROM ledger_pending_resolutions WHERE pending_id = \(id.rawValue)
            """).first.map { try PGResolutionColumns.decode($0) }
    }

    public func statement(of account: AccountID, afterSequence: Int64?, limit: Int) async throws -> [StatementEntry] {
        let after = afterSequence ?? 0
        return try await rows("""
            SELECT \(unescaped: PGTransferColumns.list) FROM ledger_transfers
            WHERE debit_account_id = \(account.rawValue) AND journal_sequence > \(after)
            UNION ALL
            SELECT \(unescaped: PGTransferColumns.list) FROM ledger_transfers
            WHERE credit_account_id = \(account.rawValue) AND journal_sequence > \(after)
            ORDER BY journal_sequence LIMIT \(Int64(limit))
            """).map { try PGTransferColumns.decode($0) }
    }

    public func nextPendingDeadlineNanoseconds() async throws -> Int64? {
        try await rows("SELECT MIN(deadline) FROM ledger_pending_open").first
            .flatMap { try Cells(row: $0, table: "ledger_pending_open").optionalInt64(0) }
    }

    public func journalHead() async throws -> JournalHead {
        guard let row = try await rows("SELECT sequence, hash, timestamp FROM ledger_head WHERE id = 1").first else {
            throw LedgerError.corrupted(VerificationFailure(sequence: nil, "the journal head row is missing"))
        }
        return try PGHeadColumns.decode(row, table: "ledger_head")
    }

    public func verify() async throws -> VerificationReport {
        let logger = self.logger
        // One snapshot for the journal and the state it is checked against.
        return try await pool.transaction(isolation: .repeatableRead) { connection in
            try await PostgresLedgerVerification.verify(on: connection, logger: logger)
        }
    }
}
