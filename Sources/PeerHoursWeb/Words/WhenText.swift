import Foundation

/// Moments as people read them, on the clock of a time zone: "Tuesday 8 December, 19:00–20:00".
/// Day and month names are words of the catalogue (`weekday_1` = Monday … `weekday_7`,
/// `month_1` … `month_12`), so a second language names them too.
enum WhenText {
    /// The time zone of visitors not signed in and of members who never chose one (their
    /// settings, `Visit.timeZone`): the UK's.
    static let defaultTimeZone = "Europe/London"

    /// "Tuesday 8 December, 19:00–20:00": the day of `start` and the span to its end.
    static func span(start: Date, durationMinutes: Int64, timeZone: String, words: Words) -> String {
        let calendar = calendar(timeZone)
        let end = start.addingTimeInterval(TimeInterval(durationMinutes * 60))
        return words.format("whenSpan", [
            "day": day(start, calendar, words), "from": clock(start, calendar), "to": clock(end, calendar),
        ])
    }

    /// "Tuesday 8 December, 19:00".
    static func moment(_ date: Date, timeZone: String, words: Words) -> String {
        let calendar = calendar(timeZone)
        return words.format("whenMoment", ["day": day(date, calendar, words), "time": clock(date, calendar)])
    }

    /// "Tuesday 8 December".
    static func day(_ date: Date, timeZone: String, words: Words) -> String {
        day(date, calendar(timeZone), words)
    }

    private static func calendar(_ identifier: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(identifier: defaultTimeZone) ?? calendar.timeZone
        return calendar
    }

    private static func day(_ date: Date, _ calendar: Calendar, _ words: Words) -> String {
        let parts = calendar.dateComponents([.weekday, .day, .month], from: date)
        // Calendar weekdays run 1 = Sunday … 7 = Saturday; the catalogue's run 1 = Monday.
        let weekday = ((parts.weekday ?? 2) + 5) % 7 + 1
        return words.format("whenDay", [
            "weekday": words["weekday_\(weekday)"], "date": String(parts.day ?? 1), "month": words["month_\(parts.month ?? 1)"],
        ])
    }

    private static func clock(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}
