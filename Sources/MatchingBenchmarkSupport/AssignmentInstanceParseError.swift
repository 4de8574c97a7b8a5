/// A rejected instance text: `line` is the 1-based physical line where the problem was found.
public struct AssignmentInstanceParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case emptyInput
        /// The header must be exactly five non-negative integers `R O CAP MAXS E`.
        case headerFieldCount(found: Int)
        /// An edge line must be exactly three integers `r o score`.
        case edgeFieldCount(found: Int)
        /// A byte that is neither a digit nor blank space.
        case unexpectedCharacter(byte: UInt8, column: Int)
        case numberTooLarge(column: Int)
        case limitExceeded(field: String, value: Int, limit: Int)
        case requestIndexOutOfRange(request: Int, requestCount: Int)
        case offerIndexOutOfRange(offer: Int, offerCount: Int)
        case scoreOutOfRange(score: Int, scoreMax: Int)
        case tooFewEdges(expected: Int, found: Int)
        case unexpectedExtraLine(expectedEdges: Int)
    }

    public let line: Int
    public let reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "line \(line): " + reasonText
    }

    private var reasonText: String {
        switch reason {
        case .emptyInput: return "empty input, expected header 'R O CAP MAXS E'"
        case .headerFieldCount(let found):
            return "header needs 5 integers 'R O CAP MAXS E', found \(found)"
        case .edgeFieldCount(let found): return "edge needs 3 integers 'r o score', found \(found)"
        case .unexpectedCharacter(let byte, let column):
            return "unexpected character (byte \(byte)) at column \(column)"
        case .numberTooLarge(let column): return "number too large at column \(column)"
        case .limitExceeded(let field, let value, let limit):
            return "\(field) = \(value) exceeds the limit \(limit)"
        case .requestIndexOutOfRange(let request, let requestCount):
            return "request index \(request) not in 0..<\(requestCount)"
        case .offerIndexOutOfRange(let offer, let offerCount):
            return "offer index \(offer) not in 0..<\(offerCount)"
        case .scoreOutOfRange(let score, let scoreMax): return "score \(score) not in 1...\(scoreMax)"
        case .tooFewEdges(let expected, let found):
            return "header announced \(expected) edges, found \(found)"
        case .unexpectedExtraLine(let expectedEdges):
            return "more lines than the \(expectedEdges) edges announced"
        }
    }
}
