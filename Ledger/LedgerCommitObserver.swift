/// Told of each commit of the ledger's writer: how many requests and events the batch held.
/// The ledger stays free of any metrics library: the service adapts this to its counters and
/// histograms (PeerHoursAPI's `ServiceMetrics`). Called after the commit has returned, on the
/// committing task: it must be cheap and must not block.
public protocol LedgerCommitObserver: Sendable {
    func ledgerCommitted(requests: Int, events: Int)
}
