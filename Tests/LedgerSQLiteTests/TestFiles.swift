import Foundation
import Ledger
import LedgerSQLite

/// A fresh temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "peerhours-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    var databasePath: String { path + "/" + SQLiteLedgerStore.fileName }
}

/// The directory holding the built products (the test bundle sits beside them).
func productPath(_ name: String) -> String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundle, bundle.deletingLastPathComponent()] {
        let path = candidate.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return FileManager.default.currentDirectoryPath + "/.build/debug/" + name
}

/// Runs a program to completion and returns its exit status and output.
func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
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
