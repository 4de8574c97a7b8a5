import Ledger

/// Each ledger result code that refuses a transfer has its own problem type
/// `…/problems/ledger/<code>`. All answer 422: the request was understood and refused by the
/// ledger's rules.
extension Problem {
    public static func ledger(_ code: TransferResultCode) -> Problem {
        precondition(!code.succeeded, "only a refusal is a problem")
        return Problem(
            status: .unprocessableContent, name: "ledger/\(code.rawValue)",
            title: "Ledger refused the transfer: \(code.rawValue)", detail: ledgerDetail(code), ledgerCode: code.rawValue)
    }

    static func ledgerDetail(_ code: TransferResultCode) -> String {
        switch code {
        case .exceedsFloor: "The paying account's available balance would fall below the network's credit floor."
        case .exceedsCeiling: "The receiving account would rise above the network's ceiling."
        case .accountNotFound: "A ledger account of this operation does not exist."
        case .accountClosed: "A ledger account of this operation is closed."
        case .networksMustMatch: "Both accounts must belong to the same network."
        case .pendingNotFound: "The reservation for this operation does not exist."
        case .pendingTransferNotPending, .pendingAlreadyPosted, .pendingAlreadyVoided:
            "The reservation for this operation is already resolved."
        case .pendingExpired: "The reservation for this operation has expired."
        case .postAmountExceedsPending: "The minutes exceed the minutes reserved."
        case .idAlreadyFailed: "This operation failed before and cannot succeed with the same identifiers."
        case .linkedEventFailed, .linkedChainOpen: "A linked transfer of this operation failed, so none was applied."
        case .overflow: "The amount would overflow an account's counters."
        default: "The ledger refused the transfer (\(code.rawValue)); this is a server-side inconsistency, please report it."
        }
    }
}
