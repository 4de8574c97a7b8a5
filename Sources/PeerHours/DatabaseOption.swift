import ArgumentParser
import Foundation
import PostgresSupport

/// `--database postgres://…` (or `PEERHOURS_DATABASE_URL`): the PostgreSQL the stores live in
/// instead of the SQLite files of `--data` (docs/DEPLOYMENT.md).
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "PostgreSQL instead of the SQLite data directory: postgres://user@host:5432/database[?sslmode=require&pool=10] (default: PEERHOURS_DATABASE_URL).",
        discussion: "The password comes from PEERHOURS_DATABASE_PASSWORD or the file named by PEERHOURS_DATABASE_PASSWORD_FILE, never from the command line (where other users of the machine could read it); it is never printed."))
    var database: String?

    /// The PostgreSQL location when `--database` or `PEERHOURS_DATABASE_URL` names one; nil for SQLite.
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresLocation? {
        let fromEnvironment = environment["PEERHOURS_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url = database ?? fromEnvironment else { return nil }
        let location: PostgresLocation
        do {
            location = try PostgresLocation.parse(url, environment: environment)
        } catch let error as PostgresLocationError {
            throw ValidationError("--database: \(error)")
        }
        if database != nil, URLComponents(string: url)?.password != nil {
            throw ValidationError(
                "--database: put the password in PEERHOURS_DATABASE_PASSWORD or PEERHOURS_DATABASE_PASSWORD_FILE, not on the command line")
        }
        return location
    }
}
