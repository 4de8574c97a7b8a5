import Foundation

/// A time zone's UTC offsets around one reference week, as a few segments (one per offset in
/// force), so local wall-clock minutes convert to UTC by arithmetic rather than a calendar call.
/// Covers three days either side of the week: enough for any zone's windows on the week's dates.
struct ZoneWeekOffsets: Sendable {
    /// Segment i starts at `segmentStartMinutes[i]` (UTC minutes from the week's start; the
    /// first is `Int.min`) and has offset `offsetMinutes[i]` (local = UTC + offset).
    private let segmentStartMinutes: [Int]
    private let offsetMinutes: [Int]
    private static let marginMinutes = 3 * 24 * 60
    /// No zone changes offset more than a few times in two weeks; a bound on the loop.
    private static let transitionCountMax = 16

    init(zone: TimeZone, week: ReferenceWeek) {
        let first = week.date(atMinute: -Self.marginMinutes)
        let last = week.date(atMinute: ReferenceWeek.lengthMinutes + Self.marginMinutes)
        var starts = [Int.min]
        var offsets = [Self.wholeOffsetMinutes(zone, at: first)]
        var cursor = first
        while starts.count <= Self.transitionCountMax,
              let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < last {
            let offset = Self.wholeOffsetMinutes(zone, at: next)
            if offset != offsets[offsets.count - 1] {
                starts.append(week.minutes(to: next))
                offsets.append(offset)
            }
            cursor = next
        }
        segmentStartMinutes = starts
        offsetMinutes = offsets
    }

    private static func wholeOffsetMinutes(_ zone: TimeZone, at date: Date) -> Int {
        let seconds = zone.secondsFromGMT(for: date)
        return seconds >= 0 ? seconds / 60 : -((-seconds + 59) / 60)
    }

    /// The UTC minute (from the week's start) of local wall-clock minute `localMinute` (minutes
    /// from the week's Monday 00:00 on the local clock). A time that occurs twice (clocks going
    /// back) maps to its first occurrence; a time that does not exist (clocks going forward)
    /// maps to the moment of the change plus how far it lies into the gap, as a clock that was
    /// not yet put forward would show it.
    func utcMinute(localMinute: Int) -> Int {
        for index in offsetMinutes.indices {
            let candidate = localMinute - offsetMinutes[index]
            let segmentEnd = index + 1 < segmentStartMinutes.count ? segmentStartMinutes[index + 1] : Int.max
            if candidate >= segmentStartMinutes[index] && candidate < segmentEnd { return candidate }
        }
        for index in 1..<offsetMinutes.count {
            let before = localMinute - offsetMinutes[index - 1]
            let after = localMinute - offsetMinutes[index]
            if before >= segmentStartMinutes[index] && after < segmentStartMinutes[index] { return before }
        }
        preconditionFailure("local minute \(localMinute) is neither valid nor in a gap")
    }
}
