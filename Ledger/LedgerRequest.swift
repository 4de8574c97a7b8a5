/// One caller's submission to the ledger's writer. A submission is applied as a unit in order;
/// linked chains never span two submissions.
public enum LedgerRequest: Sendable, Hashable {
    case createAccounts([NewAccount])
    case closeAccounts([AccountID])
    case submitTransfers([TransferCommand])
    /// Applies expiries that are due; answers how many were applied by this commit.
    case expireDue

    /// How many events the request carries, for the writer's batch limits.
    public var eventCount: Int {
        switch self {
        case .createAccounts(let accounts): accounts.count
        case .closeAccounts(let ids): ids.count
        case .submitTransfers(let commands): commands.count
        case .expireDue: 1
        }
    }

    /// Adds the ids this request touches to `keys`.
    public func addKeys(to keys: inout WorkingSetKeys) {
        switch self {
        case .createAccounts(let accounts):
            for account in accounts {
                keys.accountIDs.insert(account.id)
                keys.networkIDs.insert(account.networkID)
            }
        case .closeAccounts(let ids):
            keys.accountIDs.formUnion(ids)
        case .submitTransfers(let commands):
            for command in commands {
                keys.transferIDs.insert(command.id)
                keys.failureIDs.insert(command.id)
                keys.networkIDs.insert(command.networkID)
                let fields = TransferFields(command.kind)
                if let debit = fields.debitAccountID { keys.accountIDs.insert(debit) }
                if let credit = fields.creditAccountID { keys.accountIDs.insert(credit) }
                if let pendingID = fields.pendingID { keys.transferIDs.insert(pendingID) }
                if let reversesID = command.reversesID {
                    keys.transferIDs.insert(reversesID)
                    keys.reversalTargetIDs.insert(reversesID)
                }
            }
        case .expireDue:
            break
        }
    }
}

/// The answer to one `LedgerRequest`, in the same shape.
public enum LedgerResponse: Sendable, Hashable {
    case accounts([AccountResult])
    case closures([CloseAccountResult])
    case transfers([TransferResult])
    case expired(count: Int)
}
