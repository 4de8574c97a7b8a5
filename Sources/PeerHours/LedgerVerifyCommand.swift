import ArgumentParser
import Foundation
import Ledger
import LedgerPostgres
import LedgerSQLite

/// `peerhours ledger verify --data DIR` (or `--database postgres://…`): recomputes the journal's
/// hash chain and re-folds every account from its transfers. Exit 0 with a one-line summary when all holds; exit 1 naming the
/// first broken entry otherwise; exit 2 when there is no ledger to verify.
struct LedgerVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the journal's hash chain and re-fold every balance."
    )

    @Option(name: .long, help: "The data directory (as given to `peerhours serve`).")
    var data: String = "./peerhours-data"

    @OptionGroup var storage: DatabaseOption

    func run() async throws {
        let store: any LedgerStore
        if let location = try storage.location() {
            do {
                store = try await PostgresLedgerStore.open(location, options: .init(verifiesOnOpen: false))
            } catch {
                printError("cannot open the ledger at \(location): \(error)")
                throw ExitCode(2)
            }
        } else {
            let file = (data as NSString).appendingPathComponent(SQLiteLedgerStore.fileName)
            guard FileManager.default.fileExists(atPath: file) else {
                printError("no ledger at \(file)")
                throw ExitCode(2)
            }
            store = try await SQLiteLedgerStore.open(directory: data, options: .init(verifiesOnOpen: false))
        }
        do {
            let report = try await store.verify()
            print(report.description)
        } catch let failure as VerificationFailure {
            printError("ledger verification FAILED at \(failure)")
            throw ExitCode(1)
        } catch {
            printError("ledger verification FAILED: \(error)")
            throw ExitCode(1)
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
