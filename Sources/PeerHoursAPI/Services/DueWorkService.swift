import Exchange
import Ledger
import Logging
import ServiceLifecycle

/// Keeps time-driven work moving while the server runs: the ledger expires pending transfers at
/// their deadlines, and the exchange domain auto-confirms and resumes interrupted ledger steps
/// once a minute. Graceful shutdown cancels both waits.
struct DueWorkService: Service {
    let ledger: Ledger
    let exchange: ExchangeDomain
    let logger: Logger
    var intervalSeconds: Int = 60

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await runLedgerExpiry() }
                group.addTask { await runDomainWork() }
            }
        }
    }

    private func runLedgerExpiry() async {
        while !Task.isCancelled {
            do {
                try await ledger.runExpiry()
            } catch is CancellationError {
                return
            } catch {
                logger.warning("ledger expiry failed; retrying", metadata: ["error.type": "\(type(of: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func runDomainWork() async {
        while !Task.isCancelled {
            do {
                let report = try await exchange.runDueWork()
                logger.debug("due work", metadata: ["report": "\(report)"])
            } catch {
                logger.warning("due work failed", metadata: ["error.type": "\(type(of: error))"])
            }
            do {
                try await Task.sleep(for: .seconds(intervalSeconds))
            } catch {
                return
            }
        }
    }
}
