import Ledger

/// Ledger ids, allocated by the domain's store before anything is sent to the ledger (one
/// counter for accounts, one for transfers), so the ids are stored before any submission.
public protocol LedgerIDRepository: Sendable {
    /// Allocates `count` consecutive transfer ids and answers the first.
    func allocateTransferIDs(count: Int) async throws -> TransferID
    /// Allocates `count` consecutive account ids and answers the first.
    func allocateAccountIDs(count: Int) async throws -> AccountID
}
