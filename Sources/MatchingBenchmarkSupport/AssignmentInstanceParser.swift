import Matching

/// Parses the benchmark text format of issue 4: a header line `R O CAP MAXS E`, then exactly
/// `E` lines `r o score` with `r` in `0..<R`, `o` in `0..<O` and `score` in `1...MAXS`.
/// Blank lines are ignored; fields are separated by spaces or tabs; `\r\n` is accepted.
/// Pure: it reads bytes handed to it and never touches a file.
public struct AssignmentInstanceParser: Sendable {
    public let limits: AssignmentLimits

    public init(limits: AssignmentLimits = .standard) {
        self.limits = limits
    }

    public func parse(_ text: String) throws(AssignmentInstanceParseError) -> AssignmentInstance {
        try parse(bytes: Array(text.utf8))
    }

    public func parse(bytes: [UInt8]) throws(AssignmentInstanceParseError) -> AssignmentInstance {
        var cursor = LineCursor(bytes: bytes)
        var fields: [Int] = []
        fields.reserveCapacity(8)
        guard try cursor.nextNonBlankLine(fields: &fields) else {
            throw AssignmentInstanceParseError(line: 1, reason: .emptyInput)
        }
        let headerLine = cursor.lineNumber
        guard fields.count == 5 else {
            throw AssignmentInstanceParseError(line: headerLine, reason: .headerFieldCount(found: fields.count))
        }
        let header = try checkedHeader(fields, line: headerLine)
        var edges: [AssignmentEdge] = []
        edges.reserveCapacity(header.edgeCount)
        while edges.count < header.edgeCount {
            guard try cursor.nextNonBlankLine(fields: &fields) else {
                // Reported on the line after the last one read: where the next edge should be.
                throw AssignmentInstanceParseError(
                    line: cursor.lineNumber + 1,
                    reason: .tooFewEdges(expected: header.edgeCount, found: edges.count))
            }
            edges.append(try checkedEdge(fields, header: header, line: cursor.lineNumber))
        }
        if try cursor.nextNonBlankLine(fields: &fields) {
            throw AssignmentInstanceParseError(
                line: cursor.lineNumber, reason: .unexpectedExtraLine(expectedEdges: header.edgeCount))
        }
        do {
            return try AssignmentInstance(
                requestCount: header.requestCount, offerCount: header.offerCount,
                capacityPerOffer: header.capacity, scoreMax: header.scoreMax,
                edges: edges, limits: limits)
        } catch {
            // Every field was range-checked above, so validation cannot fail here.
            preconditionFailure("parser accepted an invalid instance: \(error)")
        }
    }

    private struct Header {
        let requestCount: Int
        let offerCount: Int
        let capacity: Int
        let scoreMax: Int
        let edgeCount: Int
    }

    private func checkedHeader(_ fields: [Int], line: Int) throws(AssignmentInstanceParseError) -> Header {
        let checks: [(String, Int, Int)] = [
            ("R", fields[0], limits.requestCountMax),
            ("O", fields[1], limits.offerCountMax),
            ("CAP", fields[2], limits.capacityMax),
            ("MAXS", fields[3], limits.scoreMax),
            ("E", fields[4], limits.edgeCountMax),
        ]
        for (name, value, limit) in checks where value > limit {
            throw AssignmentInstanceParseError(
                line: line, reason: .limitExceeded(field: name, value: value, limit: limit))
        }
        if fields[3] < 1 {
            throw AssignmentInstanceParseError(
                line: line, reason: .scoreOutOfRange(score: fields[3], scoreMax: limits.scoreMax))
        }
        return Header(
            requestCount: fields[0], offerCount: fields[1], capacity: fields[2],
            scoreMax: fields[3], edgeCount: fields[4])
    }

    private func checkedEdge(
        _ fields: [Int], header: Header, line: Int
    ) throws(AssignmentInstanceParseError) -> AssignmentEdge {
        guard fields.count == 3 else {
            throw AssignmentInstanceParseError(line: line, reason: .edgeFieldCount(found: fields.count))
        }
        let (request, offer, score) = (fields[0], fields[1], fields[2])
        guard request < header.requestCount else {
            throw AssignmentInstanceParseError(
                line: line, reason: .requestIndexOutOfRange(request: request, requestCount: header.requestCount))
        }
        guard offer < header.offerCount else {
            throw AssignmentInstanceParseError(
                line: line, reason: .offerIndexOutOfRange(offer: offer, offerCount: header.offerCount))
        }
        guard (1...header.scoreMax).contains(score) else {
            throw AssignmentInstanceParseError(
                line: line, reason: .scoreOutOfRange(score: score, scoreMax: header.scoreMax))
        }
        return AssignmentEdge(request: request, offer: offer, score: score)
    }
}

/// Walks the bytes line by line, splitting each line into non-negative decimal integers.
private struct LineCursor {
    let bytes: [UInt8]
    var position = 0
    private(set) var lineNumber = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Fills `fields` with the integers of the next line that is not blank; false at the end.
    mutating func nextNonBlankLine(fields: inout [Int]) throws(AssignmentInstanceParseError) -> Bool {
        while position < bytes.count {
            try readLine(fields: &fields)
            if !fields.isEmpty { return true }
        }
        return false
    }

    private mutating func readLine(fields: inout [Int]) throws(AssignmentInstanceParseError) {
        fields.removeAll(keepingCapacity: true)
        lineNumber += 1
        let lineStart = position
        let digitsMax = 18  // keeps every value far from Int overflow
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                position += 1
                return
            }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                throw AssignmentInstanceParseError(
                    line: lineNumber,
                    reason: .unexpectedCharacter(byte: byte, column: position - lineStart + 1))
            }
            let numberStart = position
            var value = 0
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                guard position - numberStart < digitsMax else {
                    throw AssignmentInstanceParseError(
                        line: lineNumber, reason: .numberTooLarge(column: numberStart - lineStart + 1))
                }
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                position += 1
            }
            fields.append(value)
        }
    }
}
