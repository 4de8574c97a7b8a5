/// Disjoint, sorted, non-touching stretches of one reference week in UTC minutes, each
/// `[start, end)` within `0...ReferenceWeek.lengthMinutes`. Built from weekly windows placed on
/// the week's actual dates (and the day either side, so windows that cross the UTC week
/// boundary in far zones are not lost), then clipped to the week. The week is read as a
/// cycle: a stretch ending at the week's end continues into one starting at its beginning.
struct WeekIntervals: Sendable, Hashable {
    /// Flattened pairs: `bounds[2i]` = start, `bounds[2i + 1]` = end.
    let bounds: [Int32]

    static let wholeWeek = WeekIntervals(bounds: [0, Int32(ReferenceWeek.lengthMinutes)])

    init(bounds: [Int32]) {
        self.bounds = bounds
    }

    init(windows: [WeeklyWindow], offsets: ZoneWeekOffsets) {
        var pieces: [(Int, Int)] = []
        pieces.reserveCapacity(windows.count + 4)
        for dayIndex in -1...7 {
            let weekday = ((dayIndex % 7) + 7) % 7 + 1
            for window in windows where window.weekday == weekday {
                let start = offsets.utcMinute(localMinute: dayIndex * 1440 + window.startMinute)
                let end = offsets.utcMinute(localMinute: dayIndex * 1440 + window.endMinute)
                let clippedStart = max(start, 0)
                let clippedEnd = min(end, ReferenceWeek.lengthMinutes)
                if clippedStart < clippedEnd { pieces.append((clippedStart, clippedEnd)) }
            }
        }
        pieces.sort { $0.0 < $1.0 }
        var merged: [Int32] = []
        merged.reserveCapacity(pieces.count * 2)
        for (start, end) in pieces {
            if let lastEnd = merged.last, Int(lastEnd) >= start {
                merged[merged.count - 1] = Int32(max(Int(lastEnd), end))
            } else {
                merged.append(Int32(start))
                merged.append(Int32(end))
            }
        }
        bounds = merged
    }

    var totalMinutes: Int {
        var total = 0
        var index = 0
        while index < bounds.count {
            total += Int(bounds[index + 1] - bounds[index])
            index += 2
        }
        return total
    }

    /// Total shared minutes and the longest unbroken shared stretch (joined across the week's
    /// end, so a stretch Sunday 23:00–Monday 01:00 UTC counts as two hours).
    func overlap(with other: WeekIntervals) -> (totalMinutes: Int, longestMinutes: Int) {
        bounds.withUnsafeBufferPointer { left in
            other.bounds.withUnsafeBufferPointer { right in Self.overlap(left, right) }
        }
    }

    /// `overlap(with:)` over two flattened bound lists.
    static func overlap(
        _ left: UnsafeBufferPointer<Int32>, _ right: UnsafeBufferPointer<Int32>
    ) -> (totalMinutes: Int, longestMinutes: Int) {
        var leftIndex = 0, rightIndex = 0
        var total = 0, longest = 0
        var firstLength = 0, lastLength = 0
        var startsAtZero = false, endsAtWeekEnd = false, pieceCount = 0
        let weekEnd = Int32(ReferenceWeek.lengthMinutes)
        while leftIndex < left.count && rightIndex < right.count {
            let start = max(left[leftIndex], right[rightIndex])
            let end = min(left[leftIndex + 1], right[rightIndex + 1])
            if start < end {
                let length = Int(end - start)
                if pieceCount == 0 { firstLength = length; startsAtZero = start == 0 }
                lastLength = length
                endsAtWeekEnd = end == weekEnd
                pieceCount += 1
                total += length
                longest = max(longest, length)
            }
            if left[leftIndex + 1] < right[rightIndex + 1] { leftIndex += 2 } else { rightIndex += 2 }
        }
        if pieceCount >= 2 && startsAtZero && endsAtWeekEnd {
            longest = max(longest, firstLength + lastLength)
        }
        return (total, longest)
    }
}
