import Exchange
import Foundation

/// The listings' values in words: support kinds, modes, languages, topics and weekly times.
enum ListingWords {
    /// The modes in the order the forms offer them.
    static let modes: [SessionMode] = [.video, .phone, .inPerson]

    /// Languages the forms offer as choices (codes as the domain takes them); any other valid
    /// code can be typed.
    static let commonLanguages = ["en", "cy", "gd", "ga", "ar", "bn", "fr", "de", "gu", "hi", "it", "pa", "pl", "pt", "ro",
                                  "so", "es", "ta", "tr", "ur"]

    /// Time zones the forms offer; a valid zone an offer already has is kept as a choice too.
    static let timeZones = ["Europe/London", "Europe/Dublin", "Europe/Gibraltar", "Europe/Lisbon", "Europe/Paris",
                            "Europe/Berlin", "Europe/Madrid", "Europe/Warsaw", "Europe/Bucharest", "Atlantic/Canary", "UTC"]
    static let defaultTimeZone = "Europe/London"

    /// A support kind by its catalogue name (`kind_<name>`), or the name made readable
    /// ("reflective_practice" → "Reflective practice") for a kind added after the catalogue.
    static func kind(_ name: String, words: Words) -> String {
        if let text = words.messages["kind_" + name] { return text }
        let spaced = name.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    static func mode(_ mode: SessionMode, words: Words) -> String { words["mode_" + mode.rawValue] }

    /// A language's name in the visitor's language ("en" → "English"), or the code itself.
    static func language(_ code: String, words: Words) -> String {
        let locale = Locale(identifier: words.locale)
        return locale.localizedString(forIdentifier: code) ?? locale.localizedString(forLanguageCode: code) ?? code
    }

    static func list(_ items: [String], words: Words) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " " + words["listAnd"] + " " + items[items.count - 1]
        }
    }

    static func weekday(_ weekday: Int, words: Words) -> String { words["weekday_\(weekday)"] }

    /// "09:00", "24:00".
    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    /// A time as a person types it: "9", "9:30", "09:30", "9.30", "0930", "24:00"; nil when it is
    /// not a time of day.
    static func minute(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 5 else { return nil }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).count == 2
            ? trimmed.split(separator: ":", omittingEmptySubsequences: false)
            : trimmed.split(separator: ".", omittingEmptySubsequences: false)
        let hoursText: Substring, minutesText: Substring
        if parts.count == 2 {
            (hoursText, minutesText) = (parts[0], parts[1])
        } else if trimmed.count == 4, !trimmed.contains(".") {
            (hoursText, minutesText) = (trimmed.prefix(2), trimmed.suffix(2))
        } else {
            (hoursText, minutesText) = (Substring(trimmed), "00")
        }
        guard (1...2).contains(hoursText.count), minutesText.count == 2,
              hoursText.allSatisfy(\.isASCII), minutesText.allSatisfy(\.isASCII),
              let hours = Int(hoursText), let minutes = Int(minutesText),
              (0...24).contains(hours), (0...59).contains(minutes), hours * 60 + minutes <= 1440
        else { return nil }
        return hours * 60 + minutes
    }

    /// Topics as typed: separated by commas, each lower-cased with its spaces as hyphens
    /// ("Burnout, Return to work" → ["burnout", "return-to-work"]), repeats dropped.
    static func topics(_ text: String) -> [String] {
        var seen: [String] = []
        for part in text.split(separator: ",") {
            let words = part.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            let topic = words.joined(separator: "-")
            if !topic.isEmpty, !seen.contains(topic) { seen.append(topic) }
        }
        return seen
    }

    static func topicsText(_ topics: [String]) -> String { topics.joined(separator: ", ") }

    /// Language codes as typed, separated by commas or spaces, repeats dropped.
    static func languageCodes(_ text: String) -> [String] {
        var seen: [String] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == " " }) where !seen.contains(String(part)) {
            seen.append(String(part))
        }
        return seen
    }

    /// Weekly windows as lines a person reads, in `zone` ("Monday, 09:00 to 12:00"), moved from
    /// `from` (the listing's zone) through the current week when the zones differ; in day order.
    static func times(_ windows: [AvailabilityWindow], from: String, in zone: String, words: Words, now: Date = Date()) -> [String] {
        let shown = from == zone ? windows : convert(windows, from: from, to: zone, now: now)
        return shown.sorted { ($0.weekday, $0.startMinute) < ($1.weekday, $1.startMinute) }.map { window in
            words.format("timesLine", [
                "day": weekday(window.weekday, words: words), "from": clock(window.startMinute), "to": clock(window.endMinute),
            ])
        }
    }

    /// The windows of zone `from` as windows of zone `to`, taken in the week of `now`; a window
    /// that crosses midnight there is split into its two days.
    static func convert(_ windows: [AvailabilityWindow], from: String, to: String, now: Date) -> [AvailabilityWindow] {
        guard let source = TimeZone(identifier: from), let target = TimeZone(identifier: to) else { return windows }
        var sourceCalendar = Calendar(identifier: .iso8601)
        sourceCalendar.timeZone = source
        var targetCalendar = Calendar(identifier: .iso8601)
        targetCalendar.timeZone = target
        guard let monday = sourceCalendar.dateInterval(of: .weekOfYear, for: now)?.start else { return windows }
        var converted: [AvailabilityWindow] = []
        for window in windows {
            guard let day = sourceCalendar.date(byAdding: .day, value: window.weekday - 1, to: monday) else { continue }
            let start = day.addingTimeInterval(TimeInterval(window.startMinute * 60))
            let end = day.addingTimeInterval(TimeInterval(window.endMinute * 60))
            var cursor = start
            while cursor < end {
                let parts = targetCalendar.dateComponents([.weekday, .hour, .minute], from: cursor)
                let isoWeekday = ((parts.weekday ?? 1) + 5) % 7 + 1
                let startMinute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
                let remaining = Int(end.timeIntervalSince(cursor) / 60)
                let endMinute = min(1440, startMinute + remaining)
                converted.append(AvailabilityWindow(weekday: isoWeekday, startMinute: startMinute, endMinute: endMinute))
                cursor = cursor.addingTimeInterval(TimeInterval((endMinute - startMinute) * 60))
            }
        }
        return converted
    }

    /// The stretches that two sets of windows of one zone share, in day order.
    static func shared(_ left: [AvailabilityWindow], _ right: [AvailabilityWindow]) -> [AvailabilityWindow] {
        var result: [AvailabilityWindow] = []
        for one in left {
            for other in right where one.weekday == other.weekday {
                let start = max(one.startMinute, other.startMinute), end = min(one.endMinute, other.endMinute)
                if start < end { result.append(AvailabilityWindow(weekday: one.weekday, startMinute: start, endMinute: end)) }
            }
        }
        return result.sorted { ($0.weekday, $0.startMinute) < ($1.weekday, $1.startMinute) }
    }
}
