import Exchange
import Foundation

/// The paths of the sessions area and the pages it links to. The API owns `/exchanges…`
/// (api/openapi.yaml), so a member's one-to-one exchanges are under `/sessions…` here, the word
/// the pages use for them.
enum SessionPaths {
    static let list = "/sessions"
    static let new = "/sessions/new"
    static let statement = "/statement"
    static let statementCSV = "/statement.csv"
    static let newRequest = ListingPaths.newRequest

    static func exchange(_ id: ExchangeID) -> String { "/sessions/\(id.rawValue)" }
    static func action(_ id: ExchangeID, _ action: ExchangeAction) -> String { exchange(id) + "/" + action.rawValue }
    static func messages(_ id: ExchangeID) -> String { exchange(id) + "/messages" }
    static func offer(_ id: OfferID) -> String { ListingPaths.offer(id) }
    static func request(_ id: RequestID) -> String { ListingPaths.request(id) }

    /// A path segment or query value that names a domain id: digits only, positive; anything else
    /// is no such thing (the 404 page), never a 500.
    static func id(_ text: String?) -> Int64? {
        guard let text, !text.isEmpty, text.count <= 18, text.allSatisfy(\.isASCII), let value = Int64(text), value > 0 else {
            return nil
        }
        return value
    }
}

/// What a member can do to an exchange from its page, each a POST to `/sessions/{id}/<action>`.
enum ExchangeAction: String, Sendable, CaseIterable {
    case accept, decline, cancel, confirm, dispute
}

/// Dates and times as people read them, on a given clock: "Tuesday 8 December, 19:00–20:00".
/// Members have no time-zone setting yet: their pages use Europe/London, an offer's slots its own
/// zone (named when it is another).
struct WhenWords {
    static let memberTimeZone = "Europe/London"

    let zone: TimeZone
    let zoneIdentifier: String
    let now: Date
    private let dayFormat: DateFormatter
    private let dayWithYearFormat: DateFormatter
    private let timeFormat: DateFormatter

    init(timeZone identifier: String, now: Date, locale: String = "en_GB") {
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: Self.memberTimeZone)!
        self.zone = zone
        zoneIdentifier = zone.identifier
        self.now = now
        let locale = Locale(identifier: locale.replacingOccurrences(of: "-", with: "_"))
        dayFormat = Self.formatter("EEEE d MMMM", zone, locale)
        dayWithYearFormat = Self.formatter("EEEE d MMMM yyyy", zone, locale)
        timeFormat = Self.formatter("HH:mm", zone, locale)
    }

    private static func formatter(_ pattern: String, _ zone: TimeZone, _ locale: Locale) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter
    }

    /// "Tuesday 8 December" (with the year when it is not this year's).
    func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let sameYear = calendar.component(.year, from: date) == calendar.component(.year, from: now)
        return (sameYear ? dayFormat : dayWithYearFormat).string(from: date)
    }

    func time(_ date: Date) -> String { timeFormat.string(from: date) }

    /// "Tuesday 8 December, 19:00–20:00".
    func span(start: Date, durationMinutes: Int64) -> String {
        let end = start.addingTimeInterval(TimeInterval(durationMinutes * 60))
        return day(start) + ", " + time(start) + "\u{2013}" + time(end)
    }

    /// "Tuesday 8 December at 19:00".
    func moment(_ date: Date, words: Words) -> String {
        words.format("sessionsMoment", ["day": day(date), "time": time(date)])
    }
}

/// A kind of support as a person reads it: the vocabulary's code ("peer_support") as words
/// ("Peer support"). The vocabulary is each deployment's own, so there is no catalogue key per kind.
enum KindWords {
    static func text(_ kind: String) -> String {
        let spaced = kind.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
}
