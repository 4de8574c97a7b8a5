import ArgumentParser
import Foundation
import StoreBackup

/// `peerhours backup --data DIR --out FILE`: one archive of every store of a SQLite data
/// directory, consistent at one point in time, taken while `serve` runs and accepts writes
/// (docs/BACKUPS.md). It does not take the directory's lock. PostgreSQL deployments back up
/// with pg_dump or PITR (docs/DEPLOYMENT.md, "Backups").
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy every store of a data directory, at one point in time, into one archive (while serve runs)."
    )

    @Option(name: .long, help: "The data directory (as given to `peerhours serve --data`).")
    var data: String = "./peerhours-data"

    @Option(name: .long, help: "The archive to write (a tar file; it must not exist yet).")
    var out: String

    @Flag(name: .long, help: "Replace --out if it exists.")
    var force = false

    @OptionGroup var storage: DatabaseOption

    func run() async throws {
        if try storage.location() != nil {
            printError("""
                peerhours backup copies a SQLite data directory. On PostgreSQL, back up the database itself \
                (pg_dump, or base backups with WAL archiving for point-in-time recovery): see the Backups \
                section of docs/DEPLOYMENT.md.
                """)
            throw ExitCode(2)
        }
        let backup = DataDirectoryBackup(directory: data, peerhoursVersion: BuildInfo.version)
        let summary: DataDirectoryBackup.Summary
        do {
            summary = try backup.write(to: out, replacing: force)
        } catch let error as BackupError {
            printError("backup refused: \(error)")
            throw ExitCode(2)
        } catch {
            printError("backup FAILED, nothing was written at \(out): \(error)")
            throw ExitCode(1)
        }
        let manifest = summary.manifest
        print("Backup written: \(summary.path) (\(summary.sizeBytes) bytes)")
        print("  journal head: sequence \(manifest.journalHead.sequence), hash \(manifest.journalHead.hash.prefix(16))")
        for file in manifest.files {
            let rows = file.rowCounts.map { ", \($0.values.reduce(0, +)) rows in \($0.count) tables" } ?? ""
            print("  \(file.name): \(file.sizeBytes) bytes\(rows)")
        }
        print("Not included: the mail folder (written email) and serve.lock. Restore with: peerhours restore --from \(summary.path) --data NEW_DIR")
    }
}
