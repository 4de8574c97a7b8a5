import ArgumentParser
import Foundation
import Logging
import PeerHoursAPI
import PostgresSupport
import StoreMigration

/// `peerhours migrate --from-data DIR --to postgres://…`: moves a SQLite deployment's whole history
/// into an empty PostgreSQL database and verifies it (docs/DEPLOYMENT.md). Takes the data
/// directory's lock, so it refuses to run beside `serve` on the same directory.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite data directory into an empty PostgreSQL database, then verify it."
    )

    @Option(name: .customLong("from-data"), help: "The SQLite data directory (as given to `peerhours serve --data`).")
    var fromData: String

    @Option(name: .customLong("to"), help: ArgumentHelp(
        "The PostgreSQL database: postgres://user@host:5432/database (default: PEERHOURS_DATABASE_URL).",
        discussion: "The password comes from PEERHOURS_DATABASE_PASSWORD or PEERHOURS_DATABASE_PASSWORD_FILE."))
    var to: String?

    func run() async throws {
        let location: PostgresLocation
        do {
            var option = DatabaseOption()
            option.database = to
            guard let found = try option.location() else {
                printError("name the PostgreSQL database with --to postgres://… (or PEERHOURS_DATABASE_URL)")
                throw ExitCode(2)
            }
            location = found
        } catch let error as ValidationError {
            printError(error.message)
            throw ExitCode(2)
        }
        guard FileManager.default.fileExists(atPath: (fromData as NSString).appendingPathComponent("ledger.sqlite")) else {
            printError("no PeerHours data in \(fromData) (no ledger.sqlite)")
            throw ExitCode(2)
        }
        let lock: DataDirectoryLock
        do {
            lock = try DataDirectoryLock(directory: fromData)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        defer { withExtendedLifetime(lock) {} }
        var logger = Logger(label: "peerhours.migrate")
        logger.logLevel = .warning
        print("Copying \(fromData) into \(location) …")
        do {
            let report = try await SQLiteToPostgresMigration.run(dataDirectory: fromData, location: location, logger: logger)
            for table in report.tables {
                print("  \(table.store).\(table.table): \(table.rows) rows")
            }
            let keyFile = (fromData as NSString).appendingPathComponent(NoticeKeyFile.fileName)
            if FileManager.default.fileExists(atPath: keyFile) {
                let kept = try await SharedNoticeKey.adopt(try NoticeKeyFile.loadOrCreate(directory: fromData), location: location, logger: logger)
                print(kept ? "  the unsubscribe-link key moved with the data" : "  the database already had an unsubscribe-link key: links already emailed will not open")
            }
            print("ledger on PostgreSQL verified: \(report.verification)")
            print("Done. Serve with: peerhours serve --database \(location)")
        } catch let error as StoreMigrationError {
            switch error {
            case .verificationFailed, .journalHeadMismatch:
                printError("migration FAILED after the copy: \(error). Do not serve from this database; drop its schemas "
                           + "(ledger, exchange, identity, idempotency, settings) and report the failure.")
            default:
                printError("migration FAILED, nothing was copied: \(error)")
            }
            throw ExitCode(1)
        }
    }
}
