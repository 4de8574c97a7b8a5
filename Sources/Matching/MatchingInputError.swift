/// Why a matching input was refused. The ranges are those of EXCHANGE.md, so a value that the
/// domain accepted is never refused here.
public enum MatchingInputError: Error, Sendable, Equatable {
    case weekdayOutOfRange(Int)
    case windowOutOfRange(startMinute: Int, endMinute: Int)
    case windowCountOutOfRange(Int)
    case unknownTimeZone(String)
    case kindCountOutOfRange(Int)
    case topicCountOutOfRange(Int)
    case languageCountOutOfRange(Int)
    case modeCountOutOfRange(Int)
    case inPersonWithoutArea
    case durationOutOfRange(Int)
    case capacityOutOfRange(Int)
    case excludedMemberCountOutOfRange(Int)
    case duplicateOfferID(Int64)
    case offerCountOutOfRange(Int)
    case weightOutOfRange(name: String, value: Int)
    case scaleOutOfRange(name: String, value: Int)
    case notAMonday(year: Int, month: Int, day: Int)
}
