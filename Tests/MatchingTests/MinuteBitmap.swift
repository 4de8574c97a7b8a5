import Foundation
@testable import Matching

/// One bit per minute of the reference week (UTC), for the oracle. Windows are placed with
/// `Calendar.date(from:)` in their own zone on the dates from the Sunday before the week to
/// the Monday after it, then clipped to the week.
struct MinuteBitmap {
    static let minuteCount = ReferenceWeek.lengthMinutes
    private(set) var words: [UInt64]

    init(words: [UInt64]) {
        self.words = words
    }

    static var wholeWeek: MinuteBitmap {
        var bitmap = MinuteBitmap(words: [UInt64](repeating: 0, count: (minuteCount + 63) / 64))
        bitmap.set(0..<minuteCount)
        return bitmap
    }

    init(windows: [WeeklyWindow], zone identifier: String, week: ReferenceWeek) {
        words = [UInt64](repeating: 0, count: (Self.minuteCount + 63) / 64)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier)!
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        for dayIndex in -1...7 {
            let day = utc.dateComponents([.year, .month, .day], from: week.start.addingTimeInterval(Double(dayIndex) * 86_400))
            let weekday = ((dayIndex % 7) + 7) % 7 + 1
            for window in windows where window.weekday == weekday {
                let start = Self.minute(calendar, day, window.startMinute, week)
                let end = Self.minute(calendar, day, window.endMinute, week)
                let clipped = max(start, 0)..<max(min(end, Self.minuteCount), max(start, 0))
                set(clipped)
            }
        }
    }

    private static func minute(_ calendar: Calendar, _ day: DateComponents, _ minute: Int, _ week: ReferenceWeek) -> Int {
        var components = day
        // Minute 1440 is the next day's midnight, not 24 hours after this one (days may be 23 or 25 h).
        if minute == 1440 {
            var next = day
            next.day! += 1
            next.hour = 0
            next.minute = 0
            return Int(calendar.date(from: next)!.timeIntervalSince(week.start) / 60)
        }
        components.hour = minute / 60
        components.minute = minute % 60
        return Int(calendar.date(from: components)!.timeIntervalSince(week.start) / 60)
    }

    mutating func set(_ range: Range<Int>) {
        for minute in range { words[minute >> 6] |= UInt64(1) << UInt64(minute & 63) }
    }

    func contains(_ minute: Int) -> Bool { words[minute >> 6] & (UInt64(1) << UInt64(minute & 63)) != 0 }

    /// Minutes set in both, and the longest run of them (the week read as a cycle). Plain
    /// loops over the words, no allocation: the oracle calls this for every pair.
    func shared(with other: MinuteBitmap) -> (count: Int, longestRun: Int) {
        var longest = 0, current = 0, leading = 0, seenGap = false, total = 0
        func gap() {
            if !seenGap { leading = current; seenGap = true }
            if current > longest { longest = current }
            current = 0
        }
        words.withUnsafeBufferPointer { left in
            other.words.withUnsafeBufferPointer { right in
                var index = 0
                while index < left.count {
                    let word = left[index] & right[index]
                    let bitsInWord = min(64, Self.minuteCount - index * 64)
                    index += 1
                    if word == 0 { gap(); continue }
                    let ones = word.nonzeroBitCount
                    total += ones
                    if ones == bitsInWord { current += bitsInWord; continue }
                    // Runs within the word: alternate stretches of ones and zeros, lowest bit first.
                    var rest = word, consumed = 0
                    while consumed < bitsInWord {
                        let run = min((~rest).trailingZeroBitCount, bitsInWord - consumed)
                        current += run
                        consumed += run
                        rest = run == 64 ? 0 : rest >> UInt64(run)
                        guard consumed < bitsInWord else { break }
                        let zeros = min(rest.trailingZeroBitCount, bitsInWord - consumed)
                        gap()
                        consumed += zeros
                        rest = zeros == 64 ? 0 : rest >> UInt64(zeros)
                    }
                }
            }
        }
        if !seenGap { return (total, total) }
        // `current` is the run touching the week's end; it continues into the leading run.
        return (total, max(longest, current + leading))
    }
}
