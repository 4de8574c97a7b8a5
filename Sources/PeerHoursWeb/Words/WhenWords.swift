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
    private let dayFormat: DateFormatter
    private let dayWithYearFormat: DateFormatter
    private let timeFormat: DateFormatter

    init(timeZone identifier: String, now: Date, locale: String = "en_GB") {
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: Self.defaultTimeZone)!
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

    /// "Thursday 2 December 2027", the year always shown.
    func dayWithYear(_ date: Date) -> String { dayWithYearFormat.string(from: date) }

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
