import ArgumentParser
import Foundation
import Hummingbird
import LedgerSQLite
import Logging
import PeerHoursAPI

/// `peerhours-bench serve-generated --data DIR`: the service itself (`buildApplication`, the
/// same pages and API as `peerhours serve`) over a directory the reports generator wrote
/// (`reports --keep DIR`), on 127.0.0.1 only. The generator writes accounts and transfers
/// straight into the tables without their journal, so the ledger's check at open — which `serve`
/// always runs — would refuse it; this bench-only command skips that check, nothing else.
/// For `Benchmarks/http/coordinator_pages_bench.py`; never for real data.
struct ServeGeneratedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-generated",
        abstract: "Serve a generated benchmark directory on 127.0.0.1 (the ledger's journal check skipped; benchmarks only).")

    @Option(help: "A directory written by `peerhours-bench reports --keep DIR`.")
    var data: String

    @Option(help: "Port on 127.0.0.1.")
    var port: Int = 8080

    func run() async throws {
        var logger = Logger(label: "peerhours-bench")
        logger.logLevel = .warning
        let configuration = AppConfiguration(
            host: "127.0.0.1", port: port, dataDirectory: data,
            ledgerOptions: SQLiteLedgerStore.Options(durability: .full, verifiesOnOpen: false))
        let dependencies = try await openDependencies(configuration, logger: logger)
        if let token = try await prepareBootstrapToken(configuration, dependencies: dependencies, logger: logger) {
            say("First start: create the administrator with this one-time bootstrap token:\n  \(token)")
        }
        let application = try await buildApplication(configuration, dependencies: dependencies, logger: logger)
        say("PeerHours listening on http://127.0.0.1:\(port) (generated data in \(data))")
        try await application.runService()
    }

    /// A line to standard output at once (the script reading it waits for these lines).
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
