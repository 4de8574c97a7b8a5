import Foundation

/// Dates and times as people read them, on a given clock: "Tuesday 8 December, 19:00–20:00".
/// Pages use the member's time zone (`Visit.timeZone`, their setting, else `defaultTimeZone`);
/// an offer's slots use the offer's own zone (named when it is another). Day and month names come
/// from the locale of the page's words.
struct WhenWords {
    /// The zone of a member who has not chosen one, and of visitors.
    static let defaultTimeZone = "Europe/London"

    let zone: TimeZone
    let zoneIdentifier: String
    let now: Date
    /// The locale's identifier as Foundation spells it ("en_GB").
    private let locale: String

    init(timeZone identifier: String, now: Date, locale: String = "en_GB") {
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: Self.defaultTimeZone)!
        self.zone = zone
        zoneIdentifier = zone.identifier
        self.now = now
        self.locale = String(locale.map { $0 == "-" ? "_" : $0 })
    }

    private func format(_ date: Date, _ pattern: String) -> String {
        DateFormats.shared.string(date, pattern: pattern, zone: zone, locale: locale)
    }

    /// "Tuesday 8 December" (with the year when it is not this year's).
    func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let sameYear = calendar.component(.year, from: date) == calendar.component(.year, from: now)
        return format(date, sameYear ? "EEEE d MMMM" : "EEEE d MMMM yyyy")
    }

    /// "Thursday 2 December 2027", the year always shown.
    func dayWithYear(_ date: Date) -> String { format(date, "EEEE d MMMM yyyy") }

    func time(_ date: Date) -> String { format(date, "HH:mm") }

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
