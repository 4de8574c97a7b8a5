import GRDB
import Ledger
import SQLiteSupport

/// What the writer connection remembers between its own commits, so a commit reads only what
/// it cannot know: the journal head, every network's totals, the accounts it has seen, and a
/// lower bound on the earliest open pending deadline.
///
/// Valid only while no other connection has committed: SQLite's `PRAGMA data_version` changes
/// exactly then, and is read inside every write transaction before the cache is trusted.
struct WriterCache {
    var dataVersion: Int64
    var head: JournalHead
    var totals: [NetworkID: NetworkTotals]
    var accounts: [AccountID: Account]
    /// No open pending transfer has a deadline earlier than this (nil: none is open).
    var earliestDeadline: Int64?

    /// Accounts kept at most; beyond it the cache forgets them all and refills as it goes.
    static let accountsMax = 100_000

    static func dataVersion(_ db: Database) throws -> Int64 {
        let statement = try RawStatement(db, sql: "PRAGMA data_version")
        defer { statement.reset() }
        guard try statement.step() else { return 0 }
        return try statement.int64(at: 0)
    }

    /// A fresh cache read from the database.
    static func load(_ db: Database, dataVersion: Int64) throws -> WriterCache {
        let source = SQLiteWorkingSetSource(db: db, cache: nil)
        let totals = try Row.fetchAll(db, sql: """
            SELECT network_id, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes, \
            credits_posted_minutes FROM ledger_network_totals
            """).map(TotalsColumns.decode)
        return WriterCache(
            dataVersion: dataVersion, head: try source.journalHead(),
            totals: Dictionary(uniqueKeysWithValues: totals), accounts: [:],
            earliestDeadline: try earliestDeadline(db))
    }

    static func earliestDeadline(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MIN(deadline) FROM ledger_pending_open"))
    }

    /// Whether `changes` may have resolved the open pending transfer with the earliest deadline,
    /// so the bound must be read again (inside the transaction, after the changes are written).
    static func resolvesPending(_ changes: LedgerChanges, loaded set: LedgerWorkingSet) -> Bool {
        if !set.duePending.isEmpty { return true }
        return changes.journal.contains { entry in
            switch entry.event {
            case .transferAccepted(let transfer): transfer.command.pendingID != nil
            case .pendingExpired: true
            case .accountOpened, .accountClosed: false
            }
        }
    }

    /// Brings the cache up to date with a commit that has succeeded, in place (no copy of the
    /// account table). `refreshedEarliestDeadline` is set when `resolvesPending` said so.
    mutating func apply(
        _ changes: LedgerChanges, loaded set: LedgerWorkingSet, refreshedEarliestDeadline: Int64??
    ) {
        if let last = changes.journal.last {
            head = JournalHead(sequence: last.sequence, hash: last.hash, timestampNanoseconds: last.event.timestampNanoseconds)
        }
        for (network, total) in set.totals { totals[network] = total }
        for (network, total) in changes.totals { totals[network] = total }
        if accounts.count + set.accounts.count > Self.accountsMax { accounts = [:] }
        for (id, account) in set.accounts { accounts[id] = account }
        for account in changes.accounts { accounts[account.id] = account }
        if let refreshed = refreshedEarliestDeadline {
            earliestDeadline = refreshed
        } else {
            for entry in changes.journal {
                guard case .transferAccepted(let transfer) = entry.event,
                    let deadline = transfer.expiresAtNanoseconds
                else { continue }
                earliestDeadline = min(earliestDeadline ?? deadline, deadline)
            }
        }
    }
}
