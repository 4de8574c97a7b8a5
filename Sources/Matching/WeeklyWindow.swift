/// A recurring weekly stretch of wall-clock time in some time zone: ISO weekday (1 = Monday …
/// 7 = Sunday), minutes after local midnight, `startMinute < endMinute ≤ 1440`.
public struct WeeklyWindow: Sendable, Hashable, Codable {
    public let weekday: Int
    public let startMinute: Int
    public let endMinute: Int

    public init(weekday: Int, startMinute: Int, endMinute: Int) throws(MatchingInputError) {
        guard (1...7).contains(weekday) else { throw .weekdayOutOfRange(weekday) }
        guard startMinute >= 0, startMinute < endMinute, endMinute <= 1440 else {
            throw .windowOutOfRange(startMinute: startMinute, endMinute: endMinute)
        }
        self.weekday = weekday
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    public var lengthMinutes: Int { endMinute - startMinute }
}
