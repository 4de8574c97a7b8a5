import Foundation

/// Whether one session falls inside a supporter's weekly windows, placed on the session's real
/// dates in the windows' time zone with the same week arithmetic the matcher uses
/// (`ZoneWeekOffsets`, `WeekIntervals`), so a week with a daylight-saving change is read as
/// the clocks really run.
public enum SessionFit {
    /// True when the whole of `[start, start + durationMinutes)` lies inside one unbroken
    /// stretch of `windows` (windows that touch, e.g. Monday 22:00–24:00 and Tuesday
    /// 00:00–02:00, form one stretch). An unknown zone fits nothing.
    public static func fits(start: Date, durationMinutes: Int, windows: [WeeklyWindow], timeZoneIdentifier: String) -> Bool {
        precondition(durationMinutes > 0 && durationMinutes <= ReferenceWeek.lengthMinutes, "a session is shorter than a week")
        guard let zone = TimeZoneCache.zone(timeZoneIdentifier) else { return false }
        let week = ReferenceWeek(containing: start)
        let startMinute = week.minutes(to: start)
        let endSeconds = start.addingTimeInterval(Double(durationMinutes) * 60).timeIntervalSince(week.start)
        let endMinute = Int((endSeconds / 60).rounded(.up))
        let intervals = WeekIntervals(windows: windows, offsets: ZoneWeekOffsets(zone: zone, week: week))
        guard endMinute > ReferenceWeek.lengthMinutes else {
            return covers(intervals, from: startMinute, to: endMinute)
        }
        // The session runs into the next UTC week: the part in each week must reach its edge.
        let next = ReferenceWeek(containing: week.date(atMinute: ReferenceWeek.lengthMinutes))
        let nextIntervals = WeekIntervals(windows: windows, offsets: ZoneWeekOffsets(zone: zone, week: next))
        return covers(intervals, from: startMinute, to: ReferenceWeek.lengthMinutes)
            && covers(nextIntervals, from: 0, to: endMinute - ReferenceWeek.lengthMinutes)
    }

    private static func covers(_ intervals: WeekIntervals, from start: Int, to end: Int) -> Bool {
        var index = 0
        while index < intervals.bounds.count {
            if Int(intervals.bounds[index]) <= start && end <= Int(intervals.bounds[index + 1]) { return true }
            index += 2
        }
        return false
    }
}
