import Ledger
import Logging

/// The ledger as the domain uses it: `exists` is success (a resubmission after a crash), and
/// a refusal is reported with the code of the transfer that caused it.
struct LedgerGateway: Sendable {
    let ledger: Ledger
    let logger: Logger

    enum Outcome: Sendable, Hashable {
        case accepted
        case refused(TransferResultCode, TransferID)
    }

    func openAccounts(_ accounts: [NewAccount]) async throws {
        let results = try await ledger.createAccounts(accounts)
        precondition(results.count == accounts.count, "the ledger answers one result per account")
        if let failed = results.first(where: { !$0.code.succeeded }) {
            logger.error("ledger refused an account", metadata: ["account": "\(failed.id)", "code": "\(failed.code.rawValue)"])
            throw ExchangeError.ledgerAccountRefused(failed.code)
        }
    }

    /// Submits commands as one request. In a chain that failed, the cause is the result that is
    /// neither a success nor `linked_event_failed`.
    func submit(_ commands: [TransferCommand]) async throws -> Outcome {
        let results = try await ledger.submit(commands)
        precondition(results.count == commands.count, "the ledger answers one result per transfer")
        guard results.contains(where: { !$0.code.succeeded }) else {
            if results.contains(where: { $0.code == .exists }) {
                logger.info("ledger resubmission answered exists", metadata: ["transfer": "\(commands[0].id)"])
            }
            return .accepted
        }
        let cause = results.first { !$0.code.succeeded && $0.code != .linkedEventFailed }
            ?? results.first { !$0.code.succeeded }!
        logger.notice("ledger refused a transfer", metadata: ["transfer": "\(cause.id)", "code": "\(cause.code.rawValue)"])
        return .refused(cause.code, cause.id)
    }

    func account(_ id: AccountID) async throws -> Account? {
        try await ledger.store.account(id)
    }

    /// The network's accounts in id order, at most `limit` after `afterID`.
    func accounts(in network: NetworkID, afterID: AccountID?, limit: Int) async throws -> [Account] {
        try await ledger.store.accounts(in: network, afterID: afterID, limit: limit)
    }

    func statement(of account: AccountID, afterSequence: Int64?, limit: Int) async throws -> [StatementEntry] {
        try await ledger.store.statement(of: account, afterSequence: afterSequence, limit: limit)
    }

    func resolution(ofPending id: TransferID) async throws -> PendingResolution? {
        try await ledger.store.resolution(ofPending: id)
    }

    func transfer(_ id: TransferID) async throws -> Transfer? {
        try await ledger.store.transfer(id)
    }

    func expireDue() async throws -> Int {
        try await ledger.expireDue()
    }
}
