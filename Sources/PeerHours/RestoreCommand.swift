import ArgumentParser
import Foundation
import StoreBackup

/// `peerhours restore --from FILE --data DIR`: a backup unpacked into a new (or empty) data
/// directory, checked file by file and with the ledger verified before it is put in place
/// (docs/BACKUPS.md). Never writes into a directory that holds anything.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Unpack a backup into a new data directory, checking every file and verifying the ledger."
    )

    @Option(name: .long, help: "The backup archive (written by `peerhours backup` or serve --backup-dir).")
    var from: String

    @Option(name: .long, help: "The data directory to create (it must not exist, or be empty).")
    var data: String

    func run() async throws {
        let summary: DataDirectoryRestore.Summary
        do {
            summary = try await DataDirectoryRestore(archivePath: from, directory: data).run()
        } catch let error as BackupError {
            printError("restore refused, nothing was written: \(error)")
            throw ExitCode(error.isRefusalOfInput ? 2 : 1)
        } catch let error as ArchiveError {
            printError("restore refused, nothing was written: \(error)")
            throw ExitCode(1)
        } catch {
            printError("restore FAILED, nothing was written: \(error)")
            throw ExitCode(1)
        }
        let manifest = summary.manifest
        print("Restored \(from) into \(summary.directory)")
        print("  taken \(ISO8601DateFormatter().string(from: manifest.createdAt)) by peerhours \(manifest.peerhoursVersion)")
        for file in manifest.files {
            print("  \(file.name): \(file.sizeBytes) bytes, SHA-256 matches")
        }
        print("  ledger verified: \(summary.verification)")
        print("Serve it with: peerhours serve --data \(summary.directory)")
    }
}

extension BackupError {
    /// Refusals of the command line's own arguments (exit 2), as opposed to a bad archive (exit 1).
    var isRefusalOfInput: Bool {
        switch self {
        case .targetNotEmpty, .outputFolderMissing, .unreadable, .noBackupFile: true
        default: false
        }
    }
}
