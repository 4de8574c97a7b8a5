/// Point reads a store answers inside its write transaction, synchronously. A store whose
/// driver is asynchronous stages the same reads itself; the order below is what matters.
public protocol WorkingSetSource {
    func journalHead() throws -> JournalHead
    /// The stored transfers among `ids`, and the remembered failures among `failureIDs`
    /// (a subset of `ids`): one lookup, as both are asked of the same ids.
    func transfersAndFailures(_ ids: Set<TransferID>, failureIDs: Set<TransferID>) throws
        -> (transfers: [Transfer], failures: [TransferID: TransferResultCode])
    func accounts(_ ids: Set<AccountID>) throws -> [Account]
    func resolutions(_ pendingIDs: Set<TransferID>) throws -> [PendingResolution]
    /// Minutes already reversed of each transfer (absent when none).
    func reversedMinutes(_ ids: Set<TransferID>) throws -> [TransferID: Int64]
    /// Open pending transfers with deadline ≤ `nowNanoseconds`, in (deadline, id) order: the
    /// first `limit`, and every further one sharing the last one's deadline (a deadline is never
    /// split between commits, so a chain's pending transfers reserved together expire together).
    func duePending(atOrBefore nowNanoseconds: Int64, limit: Int) throws -> [Transfer]
    func totals(_ networks: Set<NetworkID>) throws -> [NetworkID: NetworkTotals]
}

public enum WorkingSetLoader {
    /// Loads what the rules need: the named transfers, then every account they or the commands
    /// name (with those of the due pending transfers), then pending states, failures, reversed
    /// minutes and the totals of every network involved.
    public static func load(
        _ keys: WorkingSetKeys, nowNanoseconds: Int64, from source: some WorkingSetSource
    ) throws -> LedgerWorkingSet {
        var set = LedgerWorkingSet(head: try source.journalHead())
        // The commit's time, as the state machine takes it: never earlier than the head's.
        let commitTime = max(nowNanoseconds, set.head.timestampNanoseconds)
        let due = keys.dueExpiriesMax > 0
            ? try source.duePending(atOrBefore: commitTime, limit: keys.dueExpiriesMax) : []
        set.duePending = due
        var accountIDs = keys.accountIDs
        var pendingIDs = Set<TransferID>()
        let (transfers, failures) = try source.transfersAndFailures(
            keys.transferIDs.union(keys.failureIDs), failureIDs: keys.failureIDs)
        set.failures = failures
        for transfer in transfers + due {
            set.transfers[transfer.id] = transfer
            accountIDs.insert(transfer.debitAccountID)
            accountIDs.insert(transfer.creditAccountID)
            if case .pending = transfer.command.kind { pendingIDs.insert(transfer.id) }
        }
        var networks = keys.networkIDs
        for account in try source.accounts(accountIDs) {
            set.accounts[account.id] = account
            networks.insert(account.networkID)
        }
        for resolution in try source.resolutions(pendingIDs) {
            set.resolutions[resolution.pendingID] = resolution
        }
        set.reversedMinutes = try source.reversedMinutes(keys.reversalTargetIDs)
        set.totals = try source.totals(networks)
        return set
    }
}
