import Foundation

/// A VTIMEZONE (RFC 5545 §3.6.5) built from Foundation's record of a zone's transitions: one
/// STANDARD or DAYLIGHT observance for the offset in force at the start of the span, then one per
/// transition inside it, each with its own DTSTART (no RRULE, so no rule has to be guessed).
enum ICalendarTimeZone {
    /// Transitions written for one zone: far more than two a year over the few years a document spans.
    static let transitionsMax = 64
    /// Years a span may cover; a longer one is cut to this many from its start.
    static let spanYearsMax = 8

    /// Zones written as UTC (`…Z`), with no VTIMEZONE.
    static func isUTC(_ zone: TimeZone) -> Bool {
        ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"].contains(zone.identifier)
    }

    /// The component's lines (unfolded) for `zone` over `[from, through]`: from the start of the
    /// year before `from` (so the observance in force at the first event is always defined) to the
    /// end of the year of `through`.
    static func lines(for zone: TimeZone, from: Date, through: Date) -> [String] {
        precondition(from <= through, "a time zone's span must not end before it starts")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let firstYear = calendar.component(.year, from: from) - 1
        let lastYear = min(calendar.component(.year, from: through), firstYear + spanYearsMax)
        let spanStart = calendar.date(from: DateComponents(year: firstYear, month: 1, day: 1)) ?? from
        let spanEnd = calendar.date(from: DateComponents(year: lastYear + 1, month: 1, day: 1)) ?? through

        let initial = zone.secondsFromGMT(for: spanStart)
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + ICalendarText.escape(zone.identifier)]
        lines += observance(daylight: zone.isDaylightSavingTime(for: spanStart), onset: spanStart,
                            offsetFrom: initial, offsetTo: initial, zone: zone)
        var cursor = spanStart
        for _ in 0..<transitionsMax {
            guard let transition = zone.nextDaylightSavingTimeTransition(after: cursor), transition < spanEnd else { break }
            let before = zone.secondsFromGMT(for: transition.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: transition)
            lines += observance(daylight: zone.isDaylightSavingTime(for: transition), onset: transition,
                                offsetFrom: before, offsetTo: after, zone: zone)
            cursor = transition
        }
        return lines + ["END:VTIMEZONE"]
    }

    /// One observance: its DTSTART is the onset in the local time in force just before it (§3.6.5).
    private static func observance(daylight: Bool, onset: Date, offsetFrom: Int, offsetTo: Int, zone: TimeZone) -> [String] {
        let kind = daylight ? "DAYLIGHT" : "STANDARD"
        let localOnset = ICalendarText.localDateTime(onset, in: TimeZone(secondsFromGMT: offsetFrom) ?? ICalendarText.utc)
        var lines = ["BEGIN:" + kind, "DTSTART:" + localOnset,
                     "TZOFFSETFROM:" + ICalendarText.offset(offsetFrom), "TZOFFSETTO:" + ICalendarText.offset(offsetTo)]
        if let name = zone.abbreviation(for: onset), !name.isEmpty {
            lines.append("TZNAME:" + ICalendarText.escape(name))
        }
        return lines + ["END:" + kind]
    }
}
