/// Ledger time: nanoseconds since the Unix epoch, `Int64`.
public enum LedgerTime {
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000
    /// Pending transfers may be reserved for at most a little over a year.
    public static let timeoutSecondsMax: Int64 = 400 * 24 * 3600
}
