import Foundation
import Ledger
import LedgerSQLite
import TestSupport

extension TemporaryDirectory {
    /// Where the ledger's database file is in this directory.
    var databasePath: String { file(SQLiteLedgerStore.fileName) }
}

/// Two networks' worth of accounts for store tests: members 1…4 in network 1 (floor −600),
/// community 9 (no practical floor); members 11…12 in network 2.
let sampleAccounts: [NewAccount] = [
    NewAccount(id: AccountID(1), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600),
    NewAccount(id: AccountID(2), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600, upperLimitMinutes: 6000),
    NewAccount(id: AccountID(3), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600),
    NewAccount(id: AccountID(4), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600),
    NewAccount(id: AccountID(9), networkID: NetworkID(1), kind: .community, lowerLimitMinutes: -1_000_000_000),
    NewAccount(id: AccountID(11), networkID: NetworkID(2), kind: .member, lowerLimitMinutes: -600),
    NewAccount(id: AccountID(12), networkID: NetworkID(2), kind: .member, lowerLimitMinutes: -600),
]

func single(_ id: Int64, _ debit: Int64, _ credit: Int64, _ minutes: Int64, network: Int64 = 1,
            code: TransferCode = .exchange, linked: Bool = false) -> TransferCommand {
    TransferCommand(id: TransferID(id), networkID: NetworkID(network),
                    kind: .single(debit: AccountID(debit), credit: AccountID(credit), amountMinutes: minutes),
                    code: code, linked: linked)
}

func pending(_ id: Int64, _ debit: Int64, _ credit: Int64, _ minutes: Int64, timeoutSeconds: Int64,
             network: Int64 = 1) -> TransferCommand {
    TransferCommand(id: TransferID(id), networkID: NetworkID(network),
                    kind: .pending(debit: AccountID(debit), credit: AccountID(credit), amountMinutes: minutes,
                                   timeoutSeconds: timeoutSeconds),
                    code: .exchange)
}

func post(_ id: Int64, pending pendingID: Int64, minutes: Int64? = nil, network: Int64 = 1) -> TransferCommand {
    TransferCommand(id: TransferID(id), networkID: NetworkID(network),
                    kind: .postPending(pendingID: TransferID(pendingID), amountMinutes: minutes), code: .exchange)
}

func void(_ id: Int64, pending pendingID: Int64, network: Int64 = 1) -> TransferCommand {
    TransferCommand(id: TransferID(id), networkID: NetworkID(network),
                    kind: .voidPending(pendingID: TransferID(pendingID)), code: .exchange)
}
