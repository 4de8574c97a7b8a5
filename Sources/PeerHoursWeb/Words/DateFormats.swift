import Foundation
import Synchronization

/// Date formatters, made once per (pattern, zone, locale) and kept: making one loads ICU's data
/// for its locale and zone, which cost more than the rest of a page's dates together. Each is
/// used under the lock, since a formatter is a reference type with state.
final class DateFormats: Sendable {
    static let shared = DateFormats()

    private struct Key: Hashable {
        var pattern: String
        var zone: String
        var locale: String
    }

    /// Past this many (zones × locales × patterns) the cache starts again empty.
    static let formattersMax = 2_000

    private let formatters = Mutex<[Key: DateFormatter]>([:])

    func string(_ date: Date, pattern: String, zone: TimeZone, locale: String) -> String {
        let key = Key(pattern: pattern, zone: zone.identifier, locale: locale)
        return formatters.withLock { formatters in
            if let formatter = formatters[key] { return formatter.string(from: date) }
            if formatters.count >= Self.formattersMax { formatters.removeAll() }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: locale)
            formatter.timeZone = zone
            formatter.dateFormat = pattern
            formatters[key] = formatter
            return formatter.string(from: date)
        }
    }
}
