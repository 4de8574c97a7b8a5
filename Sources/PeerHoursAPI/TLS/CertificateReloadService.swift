import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the server certificate on SIGHUP (`ServerCertificate.reload`): new handshakes get the
/// new pair, open connections are untouched; a pair that cannot be served is logged and the
/// one in use stays. SIGHUP never stops the server.
struct CertificateReloadService: Service {
    let certificate: ServerCertificate
    let logger: Logger
    /// Trapping SIGHUP from construction on, so a SIGHUP that comes as soon as the server
    /// listens reloads rather than ends the process (SIGHUP's default).
    private let hangups: UnixSignalsSequence

    init(certificate: ServerCertificate, logger: Logger) async {
        self.certificate = certificate
        self.logger = logger
        self.hangups = await UnixSignalsSequence(trapping: .sighup)
    }

    func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            reload()
        }
    }

    func reload() {
        do {
            let credentials = try certificate.reload()
            logger.info("TLS certificate reloaded; new connections get it (\(credentials.summary))")
            if credentials.hasExpired() { logger.warning("the reloaded TLS certificate has expired: clients will refuse it") }
        } catch {
            logger.error("TLS certificate not reloaded, still serving the previous one: \(error)")
        }
    }
}
