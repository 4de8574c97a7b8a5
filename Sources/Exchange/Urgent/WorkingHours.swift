import Foundation

/// Working time for escalating urgent requests: Monday to Friday, 09:00–17:00 in Europe/London,
/// whatever the season (each day's window is found in London's own calendar, so the clock
/// changes move it with the wall clock). Bank holidays count as working days. Pure.
public enum WorkingHours {
    public static let startHour = 9
    public static let endHour = 17
    /// Days walked at most: 2,400 working minutes are five working days, so three weeks is ample.
    static let daysWalkedMax = 21

    static let london: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(identifier: "Europe/London") else { preconditionFailure("the tz database has Europe/London") }
        calendar.timeZone = zone
        return calendar
    }()

    /// The instant at which `workingMinutes` of working time have passed since `start`.
    public static func deadline(after start: Date, workingMinutes: Int) -> Date {
        precondition(workingMinutes >= 0 && workingMinutes <= 5 * 480, "at most five working days")
        var remainingSeconds = TimeInterval(workingMinutes * 60)
        var day = london.startOfDay(for: start)
        for _ in 0..<daysWalkedMax {
            if let window = window(on: day) {
                let from = max(start, window.lowerBound)
                if from < window.upperBound {
                    let available = window.upperBound.timeIntervalSince(from)
                    if remainingSeconds <= available { return from.addingTimeInterval(remainingSeconds) }
                    remainingSeconds -= available
                }
            }
            guard let next = london.date(byAdding: .day, value: 1, to: day) else { preconditionFailure("a next day exists") }
            day = next
        }
        preconditionFailure("five working days fit in three weeks")
    }

    /// Working minutes between `start` and `end` (0 when `end` is not after `start`), at most
    /// three weeks' worth: how long a request has waited, as escalation counts it.
    public static func workingMinutes(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        var seconds: TimeInterval = 0
        var day = london.startOfDay(for: start)
        for _ in 0..<daysWalkedMax where day < end {
            if let window = window(on: day) {
                let from = max(start, window.lowerBound)
                let to = min(end, window.upperBound)
                if from < to { seconds += to.timeIntervalSince(from) }
            }
            guard let next = london.date(byAdding: .day, value: 1, to: day) else { preconditionFailure("a next day exists") }
            day = next
        }
        return Int(seconds / 60)
    }

    /// 09:00..<17:00 London time on `day` (its midnight), or nil at a weekend.
    static func window(on day: Date) -> Range<Date>? {
        let weekday = london.component(.weekday, from: day)
        guard weekday != 1 && weekday != 7 else { return nil }
        guard let open = london.date(bySettingHour: startHour, minute: 0, second: 0, of: day),
              let close = london.date(bySettingHour: endHour, minute: 0, second: 0, of: day)
        else { preconditionFailure("09:00 and 17:00 exist on every London day") }
        return open..<close
    }
}
