import Foundation
import Ledger
import LedgerSQLite

/// Posted single transfers between member accounts with floors low enough never to refuse.
struct TransferWorkload {
    let accounts: Int
    static let network = NetworkID(1)

    func openLedger(directory: String, options: SQLiteLedgerStore.Options) async throws -> Ledger {
        try await openLedger(store: try await SQLiteLedgerStore.open(directory: directory, options: options))
    }

    /// A ledger over `store` with the benchmark's accounts opened.
    func openLedger(store: any LedgerStore) async throws -> Ledger {
        let ledger = Ledger(store: store)
        var opened = 0
        while opened < accounts {
            let chunk = (opened..<min(opened + 1_000, accounts)).map { index in
                NewAccount(id: AccountID(Int64(index + 1)), networkID: Self.network, kind: .member,
                           lowerLimitMinutes: -1_000_000_000_000)
            }
            let results = try await ledger.createAccounts(chunk)
            precondition(results.allSatisfy { $0.code == .created }, "benchmark accounts open")
            opened += chunk.count
        }
        return ledger
    }

    func command(_ id: Int64) -> TransferCommand {
        let debit = 1 + (id &* 7919) % Int64(accounts)
        var credit = 1 + (id &* 104_729) % Int64(accounts)
        if credit == debit { credit = 1 + debit % Int64(accounts) }
        return TransferCommand(
            id: TransferID(id), networkID: Self.network,
            kind: .single(debit: AccountID(debit), credit: AccountID(credit), amountMinutes: 30 + id % 90),
            code: .exchange)
    }

    /// One submitter, one transfer per request: every transfer is its own commit. Seconds taken.
    func runSingle(_ ledger: Ledger, ids: ClosedRange<Int64>) async throws -> Double {
        let start = ContinuousClock.now
        for id in ids {
            let results = try await ledger.submit([command(id)])
            precondition(results[0].code == .created, "benchmark transfer \(id): \(results[0].code)")
        }
        return (ContinuousClock.now - start).seconds
    }

    /// Many submitters, one transfer per request each, through the group-commit writer.
    /// Seconds taken, and the events and commits the writer counted meanwhile.
    func runGroup(_ ledger: Ledger, ids: ClosedRange<Int64>, submitters: Int) async throws
        -> (seconds: Double, events: Int, commits: Int)
    {
        let before = ledger.writer.statistics
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for submitter in 0..<submitters {
                group.addTask {
                    var id = ids.lowerBound + Int64(submitter)
                    while id <= ids.upperBound {
                        let results = try await ledger.submit([command(id)])
                        precondition(results[0].code == .created, "benchmark transfer \(id): \(results[0].code)")
                        id += Int64(submitters)
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = (ContinuousClock.now - start).seconds
        let after = ledger.writer.statistics
        return (seconds, after.events - before.events, after.commits - before.commits)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
