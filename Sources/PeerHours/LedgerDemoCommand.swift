import ArgumentParser
import ExchangeSQLite
import Foundation
import Idempotency
import IdempotencySQLite
import Ledger
import LedgerSQLite
import PeerHoursAPI
import SQLiteSupport

/// `peerhours ledger demo [--data DIR]`: writes a small two-network example into a ledger of its
/// own (`./peerhours-ledger-demo` unless told; it refuses a service's data directory) —
/// welcome grants, a one-to-one exchange reserved then posted for less than reserved, and a
/// cross-network exchange as one linked chain — then prints every balance and verifies.
/// Ids are fixed, so running it again answers `exists` and changes nothing.
struct LedgerDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a small example into the ledger, print the balances and verify."
    )

    @Option(name: .long, help: "The demo's own directory (created if missing); never a service's data directory.")
    var data: String = "./peerhours-ledger-demo"

    /// Files that only a service (`serve`) writes: a directory holding one is real data.
    static let serviceFileNames = DataDirectoryStores.all.map(\.file).filter { $0 != SQLiteLedgerStore.fileName }

    func validate() throws {
        let present = Self.serviceFileNames.filter {
            FileManager.default.fileExists(atPath: (data as NSString).appendingPathComponent($0))
        }
        guard present.isEmpty else {
            throw ValidationError("""
                \(data) holds a service's data (\(present.joined(separator: ", "))): the demo writes example \
                accounts and transfers into the ledger it finds, so it refuses. Choose a directory of its own, \
                e.g. --data ./peerhours-ledger-demo (the default).
                """)
        }
    }

    func run() async throws {
        let store = try await SQLiteLedgerStore.open(directory: data)
        let ledger = Ledger(store: store)
        let opened = try await ledger.createAccounts(DemoLedger.accounts)
        print("accounts: " + summary(opened.map(\.code.rawValue)))
        for (title, commands) in DemoLedger.steps {
            let results = try await ledger.submit(commands)
            print("\(title): " + summary(results.map(\.code.rawValue)))
        }
        print("")
        print("account  network  kind        posted      pending-out  available")
        for network in [NetworkID(1), NetworkID(2)] {
            for account in try await store.accounts(in: network, afterID: nil, limit: 100) {
                print(row(account))
            }
        }
        print("")
        print(try await store.verify().description)
    }

    private func summary(_ codes: [String]) -> String {
        Dictionary(grouping: codes, by: { $0 }).map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
    }

    private func row(_ account: Account) -> String {
        [
            String(account.id.rawValue).padding(toLength: 9, withPad: " ", startingAt: 0),
            String(account.networkID.rawValue).padding(toLength: 9, withPad: " ", startingAt: 0),
            account.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0),
            HoursFormat.hours(account.postedBalanceMinutes).padding(toLength: 12, withPad: " ", startingAt: 0),
            HoursFormat.hours(account.debitsPendingMinutes).padding(toLength: 13, withPad: " ", startingAt: 0),
            HoursFormat.hours(account.checkedAvailableMinutes ?? 0),
        ].joined()
    }
}

/// Minutes shown as hours and minutes, e.g. `-1h30`, `2h00`. Display only.
enum HoursFormat {
    static func hours(_ minutes: Int64) -> String {
        let sign = minutes < 0 ? "-" : ""
        let magnitude = minutes.magnitude
        let rest = magnitude % 60
        return "\(sign)\(magnitude / 60)h" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}

/// The example: network 1 (a GP network) and network 2 (a nurses' network), each with a
/// community account, two members and a clearing account for the other.
enum DemoLedger {
    static let accounts: [NewAccount] = [
        NewAccount(id: AccountID(1_001), networkID: NetworkID(1), kind: .community, lowerLimitMinutes: -1_000_000),
        NewAccount(id: AccountID(1_101), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600),
        NewAccount(id: AccountID(1_102), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600),
        NewAccount(id: AccountID(1_902), networkID: NetworkID(1), kind: .clearing, lowerLimitMinutes: -1_200,
                   upperLimitMinutes: 1_200, reference: 2),
        NewAccount(id: AccountID(2_001), networkID: NetworkID(2), kind: .community, lowerLimitMinutes: -1_000_000),
        NewAccount(id: AccountID(2_101), networkID: NetworkID(2), kind: .member, lowerLimitMinutes: -600),
        NewAccount(id: AccountID(2_901), networkID: NetworkID(2), kind: .clearing, lowerLimitMinutes: -1_200,
                   upperLimitMinutes: 1_200, reference: 1),
    ]

    static func transfer(_ id: Int64, _ network: Int64, _ kind: TransferKind, _ code: TransferCode,
                         linked: Bool = false) -> TransferCommand {
        TransferCommand(id: TransferID(id), networkID: NetworkID(network), kind: kind, code: code, linked: linked)
    }

    static let steps: [(String, [TransferCommand])] = [
        ("welcome grants (2h each)", [
            transfer(1, 1, .single(debit: AccountID(1_001), credit: AccountID(1_101), amountMinutes: 120), .welcomeGrant),
            transfer(2, 1, .single(debit: AccountID(1_001), credit: AccountID(1_102), amountMinutes: 120), .welcomeGrant),
            transfer(3, 2, .single(debit: AccountID(2_001), credit: AccountID(2_101), amountMinutes: 120), .welcomeGrant),
        ]),
        ("exchange agreed: 1h30 reserved from 1101 to 1102", [
            transfer(4, 1, .pending(debit: AccountID(1_101), credit: AccountID(1_102), amountMinutes: 90,
                                    timeoutSeconds: 7 * 24 * 3600), .exchange),
        ]),
        ("exchange completed: 1h15 posted", [
            transfer(5, 1, .postPending(pendingID: TransferID(4), amountMinutes: 75), .exchange),
        ]),
        ("cross-network exchange: 1102 supported by 2101 for 1h", [
            transfer(6, 1, .single(debit: AccountID(1_102), credit: AccountID(1_902), amountMinutes: 60), .clearing, linked: true),
            transfer(7, 2, .single(debit: AccountID(2_901), credit: AccountID(2_101), amountMinutes: 60), .clearing),
        ]),
    ]
}
