import Foundation

/// The calendar week on whose actual dates weekly windows are compared: Monday 00:00 UTC to
/// the next Monday 00:00 UTC. Because each side's windows are placed on real dates in its own
/// time zone, a week containing a daylight-saving change is evaluated as it really is.
public struct ReferenceWeek: Sendable, Hashable {
    /// Monday 00:00:00 UTC of the week.
    public let start: Date
    public static let lengthMinutes = 7 * 24 * 60

    /// The week starting on the given Monday (proleptic Gregorian date).
    public init(mondayYear year: Int, month: Int, day: Int) throws(MatchingInputError) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.component(.weekday, from: date) == 2,
              calendar.component(.day, from: date) == day else {
            throw .notAMonday(year: year, month: month, day: day)
        }
        start = date
    }

    /// The week (Monday to Sunday, UTC) that contains `date`.
    public init(containing date: Date) {
        let secondsPerDay = 86_400.0
        let days = (date.timeIntervalSince1970 / secondsPerDay).rounded(.down)
        // 1970-01-01 was a Thursday: three days after a Monday.
        let daysSinceMonday = (Int(days) + 3) % 7
        let normalized = daysSinceMonday < 0 ? daysSinceMonday + 7 : daysSinceMonday
        start = Date(timeIntervalSince1970: (days - Double(normalized)) * secondsPerDay)
    }

    /// Whole minutes from the week's start to `date` (rounded down).
    func minutes(to date: Date) -> Int {
        Int((date.timeIntervalSince(start) / 60).rounded(.down))
    }

    func date(atMinute minute: Int) -> Date {
        start.addingTimeInterval(Double(minute) * 60)
    }
}
