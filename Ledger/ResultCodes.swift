/// The outcome of one transfer command. Each is distinct and stable: the API maps each to its
/// own problem type.
public enum TransferResultCode: String, Sendable, Hashable, Codable, CaseIterable {
    case created
    case exists

    // The id exists with other content; the first differing field, in this order, is named.
    case existsWithDifferentFlags = "exists_with_different_flags"
    case existsWithDifferentDebitAccountID = "exists_with_different_debit_account_id"
    case existsWithDifferentCreditAccountID = "exists_with_different_credit_account_id"
    case existsWithDifferentAmount = "exists_with_different_amount"
    case existsWithDifferentPendingID = "exists_with_different_pending_id"
    case existsWithDifferentTimeout = "exists_with_different_timeout"
    case existsWithDifferentNetworkID = "exists_with_different_network_id"
    case existsWithDifferentCode = "exists_with_different_code"
    case existsWithDifferentReference = "exists_with_different_reference"
    case existsWithDifferentReversesID = "exists_with_different_reverses_id"

    case idAlreadyFailed = "id_already_failed"

    // Validation of the command alone.
    case idMustBePositive = "id_must_be_positive"
    case amountMustBePositive = "amount_must_be_positive"
    case accountsMustDiffer = "accounts_must_differ"
    case timeoutOutOfRange = "timeout_out_of_range"
    case codeInvalid = "code_invalid"
    case reversalMustBeSingle = "reversal_must_be_single"

    // Checks against ledger state.
    case accountNotFound = "account_not_found"
    case networksMustMatch = "networks_must_match"
    case accountClosed = "account_closed"
    case exceedsFloor = "exceeds_floor"
    case exceedsCeiling = "exceeds_ceiling"
    case pendingNotFound = "pending_not_found"
    case pendingTransferNotPending = "pending_transfer_not_pending"
    case pendingAlreadyPosted = "pending_already_posted"
    case pendingAlreadyVoided = "pending_already_voided"
    case pendingExpired = "pending_expired"
    case postAmountExceedsPending = "post_amount_exceeds_pending"
    case reversalTargetNotFound = "reversal_target_not_found"
    case reversalTargetInvalid = "reversal_target_invalid"
    case reversalAccountsMismatch = "reversal_accounts_mismatch"
    case reversalExceedsOriginal = "reversal_exceeds_original"
    case overflow

    // Linked chains.
    case linkedEventFailed = "linked_event_failed"
    case linkedChainOpen = "linked_chain_open"

    public var succeeded: Bool { self == .created || self == .exists }

    /// A failure that depends on ledger state rather than on the command alone. The id is
    /// remembered, so a retry answers `id_already_failed` even when the condition has passed:
    /// an id never succeeds after it has failed.
    public var isRememberedFailure: Bool {
        switch self {
        case .accountNotFound, .networksMustMatch, .accountClosed, .exceedsFloor, .exceedsCeiling,
            .pendingNotFound, .pendingTransferNotPending, .pendingAlreadyPosted,
            .pendingAlreadyVoided, .pendingExpired, .postAmountExceedsPending,
            .reversalTargetNotFound, .reversalTargetInvalid, .reversalAccountsMismatch,
            .reversalExceedsOriginal, .overflow:
            true
        default:
            false
        }
    }
}

public struct TransferResult: Sendable, Hashable, Codable {
    public var id: TransferID
    public var code: TransferResultCode
    /// Ledger time of the accepted transfer (for `exists`, of the original); nil on failure.
    public var timestampNanoseconds: Int64?

    public init(id: TransferID, code: TransferResultCode, timestampNanoseconds: Int64? = nil) {
        self.id = id
        self.code = code
        self.timestampNanoseconds = timestampNanoseconds
    }

    /// The Codable names stay those the fields had before their unit joined their Swift names.
    private enum CodingKeys: String, CodingKey {
        case id, code
        case timestampNanoseconds = "timestamp"
    }
}

/// The outcome of opening one account.
public enum AccountResultCode: String, Sendable, Hashable, Codable, CaseIterable {
    case created
    case exists
    case existsWithDifferentNetworkID = "exists_with_different_network_id"
    case existsWithDifferentKind = "exists_with_different_kind"
    case existsWithDifferentLowerLimit = "exists_with_different_lower_limit"
    case existsWithDifferentUpperLimit = "exists_with_different_upper_limit"
    case existsWithDifferentReference = "exists_with_different_reference"
    case idMustBePositive = "id_must_be_positive"
    case networkIDMustBePositive = "network_id_must_be_positive"
    case lowerLimitMustNotBePositive = "lower_limit_must_not_be_positive"
    case upperLimitMustNotBeNegative = "upper_limit_must_not_be_negative"

    public var succeeded: Bool { self == .created || self == .exists }
}

public struct AccountResult: Sendable, Hashable, Codable {
    public var id: AccountID
    public var code: AccountResultCode

    public init(id: AccountID, code: AccountResultCode) {
        self.id = id
        self.code = code
    }
}

/// The outcome of closing one account. A closed account takes no new transfers; reservations
/// made before it closed still post, void or expire.
public enum CloseAccountResultCode: String, Sendable, Hashable, Codable, CaseIterable {
    case closed
    case alreadyClosed = "already_closed"
    case accountNotFound = "account_not_found"
}

public struct CloseAccountResult: Sendable, Hashable, Codable {
    public var id: AccountID
    public var code: CloseAccountResultCode

    public init(id: AccountID, code: CloseAccountResultCode) {
        self.id = id
        self.code = code
    }
}
