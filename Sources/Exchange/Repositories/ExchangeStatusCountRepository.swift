/// How many exchanges are open (not final) in each status, over the whole store: for the
/// service's metrics, read at every scrape, so it must stay cheap (both stores answer it from
/// the partial index of unsettled exchanges). Counts only: no network, no member.
public protocol ExchangeStatusCountRepository: Sendable {
    /// Every open status (`ExchangeStatus.isFinal` false) with its count, zero included.
    func openExchangeCounts() async throws -> [ExchangeStatus: Int]
}

extension ExchangeStatus {
    /// The statuses an exchange can still leave: the keys of `openExchangeCounts`.
    public static let openStatuses: [ExchangeStatus] = allCases.filter { !$0.isFinal }

    /// Counts as a store read them (status text, count), every open status present, zero when
    /// absent; a status the domain does not know is refused rather than guessed.
    public static func openCounts(_ rows: [(status: String, count: Int)]) throws -> [ExchangeStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: openStatuses.map { ($0, 0) })
        for row in rows {
            guard let status = ExchangeStatus(rawValue: row.status), !status.isFinal else {
                throw ExchangeError.invalidState("an open exchange's stored status is \(row.status)")
            }
            counts[status] = row.count
        }
        return counts
    }
}
