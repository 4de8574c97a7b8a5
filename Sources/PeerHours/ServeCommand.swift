import ArgumentParser
import Foundation
import Hummingbird
import LedgerSQLite
import Mail
import Metrics
import Notifications
import Logging
import PeerHoursAPI
import PeerHoursWeb
import StoreBackup

/// `peerhours serve`: the HTTP API and the web pages (at `/`) on embedded SQLite under `--data`,
/// with nothing to configure; or, with `--database`, on PostgreSQL, beside other instances
/// (docs/DEPLOYMENT.md). Stops gracefully on SIGTERM and SIGINT; every write it acknowledged is durable.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the PeerHours web pages and HTTP API (embedded SQLite; no configuration needed)."
    )

    @Option(name: .long, help: "The data directory (created if missing); with --database, only the default home of the mail folder.")
    var data: String = "./peerhours-data"

    @OptionGroup var storage: DatabaseOption

    @Option(name: .long, help: "Address to listen on (loopback by default).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8080

    @Flag(name: .long, help: "Seed two demo networks (a new data directory): the first with 40 members and four months of sessions, both with offers, requests and exchanges; print their logins.")
    var demo = false

    @Flag(name: .long, help: "Run the ledger at synchronous=NORMAL: faster, but the last commits may be lost on power loss.")
    var lessDurableSynchronousNormal = false

    @Flag(name: .long, help: "A TLS proxy in front serves HTTPS: cookies carry Secure and responses Strict-Transport-Security (docs/TLS.md).")
    var behindTLS = false

    @Option(name: .long, help: ArgumentHelp(
        "Serve HTTPS (TLS 1.2+, HTTP/2 or HTTP/1.1) with this PEM certificate chain; needs --tls-key.",
        discussion: "Both files are read again on SIGHUP: new connections get the new certificate, open ones continue; a pair that cannot be used is logged and the old one kept."))
    var tlsCertificate: String?

    @Option(name: .long, help: "The PEM private key of --tls-certificate (unencrypted).")
    var tlsKey: String?

    @Option(name: .long, help: "The origin the pages are served from, e.g. https://peerhours.example.nhs.uk; a form's Origin must be it (default: the request's own Host).")
    var publicOrigin: String?

    @Option(name: .long, help: "Write each email as an .eml file in this folder instead of sending it (default: the data directory's mail folder).")
    var mailDir: String?

    @Option(name: .long, help: ArgumentHelp(
        "Send email through this SMTP server: smtp://host[:port] (STARTTLS) or smtps://host[:port].",
        discussion: "Credentials come from PEERHOURS_SMTP_USERNAME and PEERHOURS_SMTP_PASSWORD (or PEERHOURS_SMTP_PASSWORD_FILE), never the command line; PEERHOURS_SMTP_CA_FILE adds a trusted certificate authority."))
    var smtp: String?

    @Option(name: .long, help: "The sender of every email, e.g. \"PeerHours <peerhours@example.nhs.uk>\" or peerhours@example.nhs.uk.")
    var mailFrom: String = "peerhours@localhost"

    @Option(name: .long, help: ArgumentHelp("Seconds before a failed email is first tried again (doubling after).", visibility: .hidden))
    var mailRetrySeconds: Double = 30

    @Option(name: .long, help: "Write a backup of the data directory into this folder every --backup-every (docs/BACKUPS.md).")
    var backupDir: String?

    @Option(name: .long, help: "How often to back up with --backup-dir: a number and s, m, h or d, like 30m or 6h (at least 1m).")
    var backupEvery: String = "6h"

    @Option(name: .long, help: "How many backups --backup-dir keeps; the oldest is removed after each new one.")
    var backupKeep: Int = BackupSchedule.keepDefault

    @Option(name: .long, help: ArgumentHelp("Seconds between scheduled backups, below the 1m minimum (tests only).", visibility: .hidden))
    var backupEverySeconds: Int?

    @Option(name: .long, help: "Serve Prometheus metrics at /metrics on this port, a listener of its own (off by default; never on --port).")
    var metricsPort: Int?

    @Option(name: .long, help: "Address the metrics listener binds to (loopback by default).")
    var metricsHost: String = "127.0.0.1"

    @Option(name: .long, help: "Log lines as text (default) or json: one JSON object per line.")
    var logFormat: LineLogHandler.Format = .text

    #if DEBUG
    @Flag(name: .long, help: "DEBUG BUILDS ONLY, never in production: run on a test clock that POST /test-clock/advance?seconds=N (from loopback) moves forward.")
    var testClock = false
    #endif

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1…65535") }
        if try storage.location() != nil {
            if demo { throw ValidationError("--demo seeds the embedded SQLite store: leave out --database (and PEERHOURS_DATABASE_URL)") }
            if lessDurableSynchronousNormal { throw ValidationError("--less-durable-synchronous-normal is SQLite's: PostgreSQL commits with synchronous_commit on") }
        }
        if let publicOrigin, !(publicOrigin.hasPrefix("https://") || publicOrigin.hasPrefix("http://")) || publicOrigin.hasSuffix("/") {
            throw ValidationError("--public-origin is a scheme and host (and port), like https://peerhours.example.nhs.uk")
        }
        if mailDir != nil, smtp != nil { throw ValidationError("choose --mail-dir or --smtp, not both") }
        if let smtp, !(smtp.hasPrefix("smtp://") || smtp.hasPrefix("smtps://")) {
            throw ValidationError("--smtp is smtp://host[:port] or smtps://host[:port]")
        }
        if ServeCommand.sender(mailFrom) == nil {
            throw ValidationError("--mail-from is an address, e.g. peerhours@example.nhs.uk or \"PeerHours <peerhours@example.nhs.uk>\"")
        }
        guard mailRetrySeconds >= 1, mailRetrySeconds <= 3_600 else { throw ValidationError("--mail-retry-seconds must be 1…3600") }
        try validateBackupOptions()
        if (tlsCertificate == nil) != (tlsKey == nil) { throw ValidationError("--tls-certificate and --tls-key go together: give both or neither") }
        if tlsCertificate != nil, behindTLS { throw ValidationError("--behind-tls is for a TLS proxy in front; with --tls-certificate the server does TLS itself: leave it out") }
        if let metricsPort {
            guard (1...65_535).contains(metricsPort) else { throw ValidationError("--metrics-port must be 1…65535") }
            if metricsPort == port { throw ValidationError("--metrics-port must differ from --port: the metrics have a listener of their own") }
        }
    }

    var tlsSettings: TLSSettings? {
        guard let tlsCertificate, let tlsKey else { return nil }
        return TLSSettings(certificatePath: tlsCertificate, keyPath: tlsKey)
    }

    func run() async throws {
        let logFormat = logFormat
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, format: logFormat) }
        var logger = Logger(label: "peerhours")
        logger.logLevel = .info
        var configuration = AppConfiguration(
            host: host, port: port, dataDirectory: data,
            ledgerOptions: .init(durability: lessDurableSynchronousNormal ? .normalLosesRecentCommitsOnPowerLoss : .full),
            web: WebConfiguration(secureCookies: behindTLS, publicOrigin: publicOrigin))
        #if DEBUG
        if testClock {
            configuration.testClock = TestClock()
            say("WARNING: TEST CLOCK ON. This server's time moves only by POST /test-clock/advance?seconds=N (loopback). For tests only: never serve real members like this.")
        }
        #endif
        if demo { configuration.historyClock = HistoryClock() }
        configuration.mail = mailConfiguration()
        configuration.database = try storage.location()
        configuration.backup = try backupSchedule()
        configuration.tls = tlsSettings
        // Before anything is opened: a certificate that cannot be served stops the start.
        let certificate = try loadCertificate(logger: logger)
        configuration.metrics = metricsConfiguration()
        // Before the data directory is opened or seeded: say which port is taken.
        try await ListeningAddress.checkAvailable(host: host, port: port)
        if let metrics = configuration.metrics { try await ListeningAddress.checkAvailable(host: metrics.host, port: metrics.port) }
        // SQLite: this process is the directory's one writer. PostgreSQL: other instances share
        // the database, and it holds correctness.
        let directoryLock = configuration.database == nil ? try DataDirectoryLock(directory: data) : nil
        defer { withExtendedLifetime(directoryLock) {} }
        // Unsubscribe links in emails are signed with it: kept across starts, in the data
        // directory or, shared by every instance, in the database.
        if let location = configuration.database {
            configuration.web.noticeKey = try await SharedNoticeKey.loadOrCreate(location, logger: logger)
        } else {
            configuration.web.noticeKey = try NoticeKeyFile.loadOrCreate(directory: data)
        }
        let dependencies = try await openDependencies(configuration, logger: logger)
        if demo {
            try await seedAndPrintDemo(configuration, dependencies: dependencies, logger: logger)
        } else if let token = try await prepareBootstrapToken(configuration, dependencies: dependencies, logger: logger) {
            say("First start: create the administrator with this one-time bootstrap token:\n  \(token)")
        }
        let application = try await buildApplication(configuration, dependencies: dependencies, certificate: certificate, logger: logger)
        if let backup = configuration.backup {
            say("Backing up \(data) into \(backup.directory) every \(backup.every), keeping the newest \(backup.keep).")
        }
        say("PeerHours listening on \(certificate == nil ? "http" : "https")://\(host):\(port) (\(configuration.database.map { "database \($0)" } ?? "data in \(data)"))")
        if let metrics = configuration.metrics { say("Metrics at http://\(metrics.host):\(metrics.port)/metrics") }
        if smtp == nil { say("Email is written as .eml files to \(mailFolder), not sent (use --smtp to send it).") }
        do {
            try await application.runService()
        } catch {
            // Taken between the check above and now.
            throw ListenError.describing(error, host: host, port: port) ?? error
        }
    }
}

private func seedAndPrintDemo(_ configuration: AppConfiguration, dependencies: AppDependencies, logger: Logger) async throws {
    switch try await seedDemo(configuration, dependencies: dependencies, logger: logger) {
    case .alreadySeeded:
        say("Demo data is already in \(configuration.dataDirectory); its logins were printed when it was seeded.")
    case .seeded(let password, let logins):
        let width = logins.map(\.email.count).max() ?? 0
        let lines = logins.map { "  \($0.email.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.role)" }
        say((["Demo data seeded. Every demo login below uses the password \(password)"] + lines).joined(separator: "\n"))
    }
}

/// A line to standard output at once (not held in a buffer when output is a pipe or a file).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

extension LineLogHandler.Format: ExpressibleByArgument {}

extension ServeCommand {
    /// The certificate and key of `--tls-certificate`/`--tls-key`, checked; nil without them.
    func loadCertificate(logger: Logger) throws -> ServerCertificate? {
        guard let tlsSettings else { return nil }
        do {
            let certificate = try ServerCertificate(loading: tlsSettings)
            logger.info("TLS certificate loaded (\(certificate.credentials.summary))")
            if certificate.credentials.hasExpired() { logger.warning("the TLS certificate has expired: clients will refuse it") }
            return certificate
        } catch {
            throw ListenError(description: "cannot serve HTTPS: \(error)")
        }
    }

    /// With `--metrics-port`: the registry, and swift-metrics' global system bootstrapped over it
    /// (once, here) so that a library's own metrics land there too. The service's own metrics
    /// are made on the configuration's factory, not through the global.
    func metricsConfiguration() -> MetricsConfiguration? {
        guard let metricsPort else { return nil }
        let metrics = MetricsConfiguration(host: metricsHost, port: metricsPort)
        MetricsSystem.bootstrap(metrics.factory)
        return metrics
    }

    var mailFolder: String { mailDir ?? (data as NSString).appendingPathComponent("mail") }

    func mailConfiguration() -> MailConfiguration {
        var delivery = DeliveryService.Options()
        delivery.backoff = DeliveryBackoff(firstDelaySeconds: mailRetrySeconds, delaySecondsMax: max(mailRetrySeconds, 3_600))
        return MailConfiguration(
            transport: smtp.map { .smtp(url: $0) } ?? .directory(mailFolder), from: Self.sender(mailFrom)!, delivery: delivery)
    }

    /// "peerhours@example.org" or "PeerHours <peerhours@example.org>"; nil when neither.
    static func sender(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name: String? = "PeerHours"
        var address = trimmed
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let plain = address.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, plain, address.count <= 254 else { return nil }
        return MailAddress(address, displayName: name?.isEmpty == false ? name : nil)
    }
}

extension ServeCommand {
    func validateBackupOptions() throws {
        guard backupDir != nil else {
            if backupEverySeconds != nil { throw ValidationError("--backup-every-seconds needs --backup-dir") }
            return
        }
        if try storage.location() != nil {
            throw ValidationError("--backup-dir backs up the SQLite data directory; on PostgreSQL use pg_dump or PITR (docs/DEPLOYMENT.md, Backups)")
        }
        guard (1...BackupSchedule.keepMax).contains(backupKeep) else { throw ValidationError("--backup-keep must be 1…\(BackupSchedule.keepMax)") }
        if let backupEverySeconds {
            guard (1...86_400).contains(backupEverySeconds) else { throw ValidationError("--backup-every-seconds must be 1…86400") }
        } else {
            guard let seconds = BackupInterval.seconds(backupEvery) else {
                throw ValidationError("--backup-every is a number and s, m, h or d, like 30m or 6h")
            }
            guard seconds >= BackupInterval.minimumSeconds else { throw ValidationError("--backup-every must be at least 1m") }
        }
    }

    /// The schedule the options name (validated), or nil without --backup-dir.
    func backupSchedule() throws -> BackupSchedule? {
        guard let backupDir else { return nil }
        let seconds = backupEverySeconds.map(Int64.init) ?? BackupInterval.seconds(backupEvery) ?? BackupInterval.minimumSeconds
        return BackupSchedule(directory: backupDir, every: .seconds(seconds), keep: backupKeep, peerhoursVersion: BuildInfo.version)
    }
}
