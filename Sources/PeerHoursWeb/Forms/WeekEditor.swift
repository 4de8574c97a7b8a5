import Exchange

/// Weekly times as a form shows them (the `listings-week` partial): a row for each day, Monday
/// to Sunday, with a start and an end time; more rows for a day that already has several
/// windows. Rows post `from[<key>]` and `to[<key>]`, the key being `d` and the weekday
/// (`d1` = Monday), then `-2`, `-3` … for a day's further rows (not a bare number, which the
/// form decoder would take for an array index). An empty row is a day without times.
struct WeekEditor: Sendable {
    struct Row: Sendable {
        var key: String
        var day: String
        var fromID: String
        var toID: String
        var fromName: String
        var toName: String
        var fromValue: String
        var toValue: String
        var fromLabel: String
        var toLabel: String
        var invalid: Bool
    }

    var name: String
    var legend: String
    var hint: String?
    var error: String?
    var rows: [Row]
    var hintID: String
    var errorID: String
    var describedBy: String?

    /// What was typed, by row key.
    struct Entries: Sendable {
        var from: [String: String]
        var to: [String: String]

        init(from: [String: String], to: [String: String]) {
            self.from = from
            self.to = to
        }

        /// The rows of stored windows.
        init(_ windows: [AvailabilityWindow]) {
            var from: [String: String] = [:], to: [String: String] = [:]
            var counts: [Int: Int] = [:]
            for window in windows.sorted(by: { ($0.weekday, $0.startMinute) < ($1.weekday, $1.startMinute) }) {
                counts[window.weekday, default: 0] += 1
                let key = WeekEditor.key(weekday: window.weekday, index: counts[window.weekday]!)
                from[key] = ListingWords.clock(window.startMinute)
                to[key] = ListingWords.clock(window.endMinute)
            }
            self.init(from: from, to: to)
        }

        /// The row keys that name a weekday, in day then row order.
        var keys: [String] {
            Set(from.keys).union(to.keys).filter { WeekEditor.weekday(ofKey: $0) != nil }
                .sorted { WeekEditor.order($0) < WeekEditor.order($1) }
        }
    }

    static func key(weekday: Int, index: Int) -> String { index == 1 ? "d\(weekday)" : "d\(weekday)-\(index)" }

    /// The weekday a row key names (1…7), nil for any other key.
    static func weekday(ofKey key: String) -> Int? {
        guard key.hasPrefix("d") else { return nil }
        let parts = key.dropFirst().split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 1, let day = Int(parts[0]), (1...7).contains(day) else { return nil }
        if parts.count == 2 { guard parts[1].count <= 2, let index = Int(parts[1]), (2...21).contains(index) else { return nil } }
        return day
    }

    static func order(_ key: String) -> (Int, Int) {
        let parts = key.dropFirst().split(separator: "-")
        return (Int(parts[0]) ?? 0, parts.count == 2 ? Int(parts[1]) ?? 0 : 1)
    }

    /// The windows typed, or the first mistake (its words) and the rows that are wrong.
    static func parse(_ entries: Entries, words: Words) -> (windows: [AvailabilityWindow], error: String?, invalid: Set<String>) {
        var windows: [AvailabilityWindow] = []
        var error: String?
        var invalid: Set<String> = []
        for key in entries.keys {
            guard let weekday = weekday(ofKey: key) else { continue }
            let fromText = (entries.from[key] ?? "").trimmingCharacters(in: .whitespaces)
            let toText = (entries.to[key] ?? "").trimmingCharacters(in: .whitespaces)
            if fromText.isEmpty && toText.isEmpty { continue }
            let day = ListingWords.weekday(weekday, words: words)
            var message: String?
            if fromText.isEmpty || toText.isEmpty {
                message = words.format("weekErrorBoth", ["day": day])
            } else if let start = ListingWords.minute(fromText), let end = ListingWords.minute(toText) {
                if start >= end || start >= 1440 {
                    message = words.format("weekErrorOrder", ["day": day])
                } else {
                    windows.append(AvailabilityWindow(weekday: weekday, startMinute: start, endMinute: end))
                }
            } else {
                message = words.format("weekErrorFormat", ["day": day])
            }
            if let message {
                invalid.insert(key)
                if error == nil { error = message }
            }
        }
        return (windows, error, invalid)
    }

    init(_ name: String, words: Words, legendKey: String, hintKey: String, entries: Entries, invalid: Set<String> = [],
         errors: FormErrors) {
        self.name = name
        legend = words[legendKey]
        hint = words.messages[hintKey]
        error = errors.message(for: name)
        var keys = entries.keys
        for weekday in 1...7 where !keys.contains(where: { Self.weekday(ofKey: $0) == weekday }) {
            keys.append(Self.key(weekday: weekday, index: 1))
        }
        keys.sort { Self.order($0) < Self.order($1) }
        rows = keys.enumerated().map { index, key in
            let weekday = Self.weekday(ofKey: key) ?? 1
            let day = ListingWords.weekday(weekday, words: words)
            // The first row's start is the field's own id, where the error summary links.
            let base = FormField.id(for: name) + "-" + key
            let fromText = entries.from[key] ?? "", toText = entries.to[key] ?? ""
            return Row(
                key: key, day: day, fromID: index == 0 ? FormField.id(for: name) : base + "-from", toID: base + "-to",
                fromName: "from[\(key)]", toName: "to[\(key)]",
                fromValue: ListingWords.minute(fromText).map(ListingWords.clock) ?? fromText,
                toValue: ListingWords.minute(toText).map(ListingWords.clock) ?? toText,
                fromLabel: words.format("weekFromLabel", ["day": day]), toLabel: words.format("weekToLabel", ["day": day]),
                invalid: invalid.contains(key))
        }
        hintID = FormField.id(for: name) + "-hint"
        errorID = FormField.id(for: name) + "-error"
        describedBy = FormField.describedBy(hint: hint == nil ? nil : hintID, error: error == nil ? nil : errorID)
    }
}
