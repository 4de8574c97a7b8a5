import Exchange
import Foundation

/// The start times a proposal form offers: in the next two weeks, on the offer's clock, where a
/// session of the chosen length fits one of the offer's weekly windows, one after another from
/// each window's start (on quarter-hours). Each is checked with the domain's own availability
/// rule (`OfferDetails.nextAvailableStart`), so a clock change never offers a time the domain
/// would refuse. Pure: `now` is given.
enum SessionSlots {
    static let days = 14
    /// At most this many choices on one page (a limit on everything).
    static let slotsMax = 60

    static func starts(_ details: OfferDetails, durationMinutes: Int64, now: Date) -> [Date] {
        guard let zone = TimeZone(identifier: details.timeZone), durationMinutes > 0 else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: now)
        let horizon = now.addingTimeInterval(TimeInterval(days * 86_400))
        let stepMinutes = Int((durationMinutes + 14) / 15 * 15)
        var starts: [Date] = []
        var seen = Set<Date>()
        for offset in 0...days {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { continue }
            // Calendar's weekday: 1 = Sunday … 7 = Saturday; the offer's: ISO, 1 = Monday … 7 = Sunday.
            let isoWeekday = (calendar.component(.weekday, from: day) + 5) % 7 + 1
            let windows = details.availability.filter { $0.weekday == isoWeekday }.sorted { $0.startMinute < $1.startMinute }
            for window in windows {
                let first = (window.startMinute + 14) / 15 * 15
                for minute in stride(from: first, through: window.endMinute - Int(durationMinutes), by: stepMinutes) {
                    guard let start = calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: day),
                          start > now, start <= horizon, !seen.contains(start),
                          details.nextAvailableStart(atOrAfter: start, durationMinutes: durationMinutes) == start
                    else { continue }
                    starts.append(start)
                    seen.insert(start)
                    if starts.count == slotsMax { return starts }
                }
            }
        }
        return starts
    }
}
