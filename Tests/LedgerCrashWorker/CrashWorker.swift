import Foundation
import Ledger
import LedgerSQLite

/// A child process for the crash test: it submits transfers to the SQLite ledger from several
/// concurrent tasks, and after each acknowledgement appends the acknowledged ids to a file
/// outside the database, until it is killed. Usage:
///
///     LedgerCrashWorker DATA_DIR ACK_FILE RUN
///
/// `RUN` (1, 2, …) keeps each run's transfer ids apart. Every transfer with an even id is linked
/// to the next id: a cross-network chain (requester → clearing in network 1, clearing →
/// supporter in network 2; settled at once, or reserved and later posted, voided or left to
/// expire), which must never be found half-applied.
@main
struct CrashWorker {
    static let members: Int64 = 20
    static let submitters = 8
    static let idsPerRun: Int64 = 10_000_000

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 4, let run = Int64(arguments[3]) else {
            FileHandle.standardError.write(Data("usage: LedgerCrashWorker DATA_DIR ACK_FILE RUN\n".utf8))
            exit(2)
        }
        let store = try await SQLiteLedgerStore.open(directory: arguments[1])
        let ledger = Ledger(store: store)
        _ = try await ledger.createAccounts(accounts)
        guard let acks = FileHandle(forWritingAtPath: arguments[2]) else { exit(3) }
        acks.seekToEndOfFile()
        let log = AckLog(handle: acks)
        FileHandle.standardOutput.write(Data("ready\n".utf8))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for submitter in 0..<submitters {
                group.addTask {
                    try await submit(ledger: ledger, log: log, run: run, submitter: Int64(submitter))
                }
            }
            try await group.waitForAll()
        }
    }

    /// Network 1: members 1…20, clearing account 100 (for network 2). Network 2: members
    /// 201…220, clearing account 300 (for network 1). Generous floors so most transfers succeed.
    static var accounts: [NewAccount] {
        var accounts: [NewAccount] = []
        for index in 1...members {
            accounts.append(NewAccount(id: AccountID(index), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -1_000_000_000))
            accounts.append(NewAccount(id: AccountID(200 + index), networkID: NetworkID(2), kind: .member, lowerLimitMinutes: -1_000_000_000))
        }
        accounts.append(NewAccount(id: AccountID(100), networkID: NetworkID(1), kind: .clearing, lowerLimitMinutes: -1_000_000_000_000, reference: 2))
        accounts.append(NewAccount(id: AccountID(300), networkID: NetworkID(2), kind: .clearing, lowerLimitMinutes: -1_000_000_000_000, reference: 1))
        return accounts
    }

    /// Each submission holds 1–4 chains. A chain is either settled at once (two single
    /// transfers) or reserved (two pending transfers, one timeout, 1–3 s so some expire) and then,
    /// in a later submission, posted for fewer or all minutes, or voided — as a cross-network
    /// exchange is. Chain halves have ids (even, even + 1).
    static func submit(ledger: Ledger, log: AckLog, run: Int64, submitter: Int64) async throws {
        var generator = SystemRandomNumberGenerator()
        var next = run * idsPerRun + submitter * (idsPerRun / Int64(submitters))
        var reserved: [(id: TransferID, minutes: Int64)] = []
        while true {
            var commands: [TransferCommand] = []
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let requester = Int64.random(in: 1...members, using: &generator)
                let supporter = Int64.random(in: 1...members, using: &generator)
                let minutes = Int64.random(in: 15...120, using: &generator)
                next += 2
                if Bool.random(using: &generator) {
                    commands += chain(next, .single(debit: AccountID(requester), credit: AccountID(100), amountMinutes: minutes),
                                      .single(debit: AccountID(300), credit: AccountID(200 + supporter), amountMinutes: minutes))
                } else if let pending = reserved.popLast() {
                    let settle: (TransferID) -> TransferKind = Bool.random(using: &generator)
                        ? { .postPending(pendingID: $0, amountMinutes: Int64.random(in: 1...pending.minutes)) }
                        : { .voidPending(pendingID: $0) }
                    var kinds = (settle(pending.id), settle(TransferID(pending.id.rawValue + 1)))
                    if case .postPending(_, let amount) = kinds.0 {
                        kinds.1 = .postPending(pendingID: TransferID(pending.id.rawValue + 1), amountMinutes: amount)
                    }
                    commands += chain(next, kinds.0, kinds.1)
                } else {
                    let timeout = Int64.random(in: 1...3, using: &generator)
                    commands += chain(next, .pending(debit: AccountID(requester), credit: AccountID(100), amountMinutes: minutes,
                                                     timeoutSeconds: timeout),
                                      .pending(debit: AccountID(300), credit: AccountID(200 + supporter), amountMinutes: minutes,
                                               timeoutSeconds: timeout))
                    reserved.insert((TransferID(next), minutes), at: 0)
                }
            }
            let results = try await ledger.submit(commands)
            log.record(results.filter { $0.code.succeeded }.map(\.id))
        }
    }

    /// A cross-network chain: `here` in network 1 (ids even), linked to `there` in network 2.
    static func chain(_ id: Int64, _ here: TransferKind, _ there: TransferKind) -> [TransferCommand] {
        [
            TransferCommand(id: TransferID(id), networkID: NetworkID(1), kind: here, code: .clearing, linked: true),
            TransferCommand(id: TransferID(id + 1), networkID: NetworkID(2), kind: there, code: .exchange),
        ]
    }
}

/// Appends acknowledged ids, one per line, with a plain write(2): the bytes reach the kernel
/// before the next submission, so they survive the process being killed.
final class AckLog: Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    init(handle: FileHandle) {
        self.handle = handle
    }

    func record(_ ids: [TransferID]) {
        guard !ids.isEmpty else { return }
        let text = ids.map { "\($0.rawValue)\n" }.joined()
        lock.withLock { handle.write(Data(text.utf8)) }
    }
}
