import Foundation

/// Times and lengths as a notice says them, in the recipient's zone: "Tuesday 8 December 2026,
/// 14:00 GMT", "1 h 30 min".
enum NoticeTimeText {
    static func when(_ date: Date, in zone: TimeZone, languageTag: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: languageTag)
        formatter.timeZone = zone
        formatter.dateFormat = "EEEE d MMMM yyyy, HH:mm zzz"
        return formatter.string(from: date)
    }

    static func duration(minutes: Int) -> String {
        precondition(minutes >= 0)
        let hours = minutes / 60
        let rest = minutes % 60
        switch (hours, rest) {
        case (0, _): return "\(rest) min"
        case (_, 0): return "\(hours) h"
        default: return "\(hours) h \(rest) min"
        }
    }
}
