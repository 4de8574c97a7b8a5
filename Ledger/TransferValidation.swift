/// The checks of a transfer command that need no ledger state, and the comparison of a
/// command with a stored transfer of the same id. Pure functions.
public enum TransferValidation {
    /// The first problem with the command on its own, or nil when it is well formed.
    public static func problem(with command: TransferCommand) -> TransferResultCode? {
        guard command.id.isValid else { return .idMustBePositive }
        switch command.kind {
        case .single(let debit, let credit, let amount):
            if amount <= 0 { return .amountMustBePositive }
            if debit == credit { return .accountsMustDiffer }
        case .pending(let debit, let credit, let amount, let timeoutSeconds):
            if amount <= 0 { return .amountMustBePositive }
            if debit == credit { return .accountsMustDiffer }
            if timeoutSeconds <= 0 || timeoutSeconds > LedgerTime.timeoutSecondsMax {
                return .timeoutOutOfRange
            }
        case .postPending(_, let amount):
            if let amount, amount <= 0 { return .amountMustBePositive }
        case .voidPending:
            break
        }
        if !command.code.isValid { return .codeInvalid }
        if command.reversesID != nil {
            guard case .single = command.kind else { return .reversalMustBeSingle }
        }
        return nil
    }

    /// `exists` when `command` is what was stored under its id; otherwise the
    /// `exists_with_different_*` code of the first field that differs, in a fixed order.
    public static func comparison(of command: TransferCommand, with stored: TransferCommand)
        -> TransferResultCode
    {
        if command.kind.name != stored.kind.name || command.linked != stored.linked {
            return .existsWithDifferentFlags
        }
        let new = TransferFields(command.kind)
        let old = TransferFields(stored.kind)
        if new.debitAccountID != old.debitAccountID { return .existsWithDifferentDebitAccountID }
        if new.creditAccountID != old.creditAccountID { return .existsWithDifferentCreditAccountID }
        if new.amountMinutes != old.amountMinutes { return .existsWithDifferentAmount }
        if new.pendingID != old.pendingID { return .existsWithDifferentPendingID }
        if new.timeoutSeconds != old.timeoutSeconds { return .existsWithDifferentTimeout }
        if command.networkID != stored.networkID { return .existsWithDifferentNetworkID }
        if command.code != stored.code { return .existsWithDifferentCode }
        if command.reference != stored.reference { return .existsWithDifferentReference }
        if command.reversesID != stored.reversesID { return .existsWithDifferentReversesID }
        return .exists
    }
}

/// The same for opening an account.
public enum AccountValidation {
    public static func problem(with account: NewAccount) -> AccountResultCode? {
        guard account.id.isValid else { return .idMustBePositive }
        guard account.networkID.isValid else { return .networkIDMustBePositive }
        guard account.lowerLimitMinutes <= 0 else { return .lowerLimitMustNotBePositive }
        if let upper = account.upperLimitMinutes, upper < 0 { return .upperLimitMustNotBeNegative }
        return nil
    }

    public static func comparison(of new: NewAccount, with stored: NewAccount) -> AccountResultCode {
        if new.networkID != stored.networkID { return .existsWithDifferentNetworkID }
        if new.kind != stored.kind { return .existsWithDifferentKind }
        if new.lowerLimitMinutes != stored.lowerLimitMinutes { return .existsWithDifferentLowerLimit }
        if new.upperLimitMinutes != stored.upperLimitMinutes { return .existsWithDifferentUpperLimit }
        if new.reference != stored.reference { return .existsWithDifferentReference }
        return .exists
    }
}
