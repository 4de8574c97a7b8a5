import Foundation

/// Times and amounts as people read them in a refusal: "1 h 30 min", "Monday 09:00–12:00".
enum SessionWords {
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Whole minutes as hours and minutes; negative amounts with a minus sign ("−10 h").
    static func minutes(_ minutes: Int64) -> String {
        let sign = minutes < 0 ? "−" : ""
        let magnitude = minutes.magnitude
        let hours = magnitude / 60, rest = magnitude % 60
        switch (hours, rest) {
        case (0, _): return "\(sign)\(rest) min"
        case (_, 0): return "\(sign)\(hours) h"
        default: return "\(sign)\(hours) h \(rest) min"
        }
    }

    static func clock(_ minuteOfDay: Int) -> String {
        String(format: "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60)
    }

    static func window(_ window: AvailabilityWindow) -> String {
        let day = (1...7).contains(window.weekday) ? weekdayNames[window.weekday - 1] : "day \(window.weekday)"
        return "\(day) \(clock(window.startMinute))–\(clock(window.endMinute))"
    }

    /// "Tuesday 10:00–11:00" on the clock of `timeZone`.
    static func localSpan(start: Date, durationMinutes: Int64, timeZone identifier: String) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let end = start.addingTimeInterval(TimeInterval(durationMinutes * 60))
        let from = calendar.dateComponents([.weekday, .hour, .minute], from: start)
        let to = calendar.dateComponents([.hour, .minute], from: end)
        // Calendar weekdays run 1 = Sunday … 7 = Saturday.
        let weekday = ((from.weekday ?? 2) + 5) % 7
        return "\(weekdayNames[weekday]) \(clock((from.hour ?? 0) * 60 + (from.minute ?? 0)))"
            + "–\(clock((to.hour ?? 0) * 60 + (to.minute ?? 0)))"
    }
}
