/// `serve --backup-every`'s value: a whole number and a unit, like 30m, 6h or 1d.
public enum BackupInterval {
    public static let minimumSeconds: Int64 = 60
    public static let maximumSeconds: Int64 = 30 * 86_400

    /// The interval in seconds, or nil for text that is not a number and one of s, m, h, d.
    public static func seconds(_ text: String) -> Int64? {
        guard text.count <= 16, let unit = text.last, let number = Int64(text.dropLast()), number > 0, number <= maximumSeconds else {
            return nil
        }
        let multiplier: Int64
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3_600
        case "d": multiplier = 86_400
        default: return nil
        }
        let seconds = number * multiplier
        return seconds <= maximumSeconds ? seconds : nil
    }
}
