/// Minutes as people read hours: "1 h 30 min", "2 h", "45 min", "−10 h" (a true minus sign).
/// The units are words of the catalogue (`unitHours`, `unitMinutes`).
enum HoursText {
    static func text(minutes: Int64, words: Words) -> String {
        let magnitude = minutes.magnitude
        let hours = magnitude / 60
        let remainder = magnitude % 60
        let sign = minutes < 0 ? "\u{2212}" : ""
        let hoursPart = "\(hours) \(words["unitHours"])"
        let minutesPart = "\(remainder) \(words["unitMinutes"])"
        switch (hours, remainder) {
        case (0, 0): return hoursPart
        case (0, _): return sign + minutesPart
        case (_, 0): return sign + hoursPart
        default: return sign + hoursPart + " " + minutesPart
        }
    }
}
