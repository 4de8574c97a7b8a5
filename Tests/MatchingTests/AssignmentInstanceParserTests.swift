import MatchingBenchmarkSupport
import Testing
@testable import Matching

@Suite struct AssignmentInstanceParserTests {
    // Proves: a well-formed file (with CRLF, tabs and trailing blank lines) parses into exactly
    // the instance it describes.
    @Test func parsesWellFormedText() throws {
        let instance = try AssignmentInstanceParser().parse("2 3 4 1000 3\r\n0 2 17\n1\t0 1000\n1 1 1\n\n")
        #expect(instance.requestCount == 2)
        #expect(instance.offerCapacities == [4, 4, 4])
        #expect(instance.scoreMax == 1000)
        #expect(instance.edges == [
            AssignmentEdge(request: 0, offer: 2, score: 17),
            AssignmentEdge(request: 1, offer: 0, score: 1000),
            AssignmentEdge(request: 1, offer: 1, score: 1),
        ])
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let error: AssignmentInstanceParseError
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "empty", text: "", error: .init(line: 1, reason: .emptyInput)),
        BadCase(name: "short header", text: "2 2 1 10\n",
                error: .init(line: 1, reason: .headerFieldCount(found: 4))),
        BadCase(name: "negative in header", text: "2 -2 1 10 0\n",
                error: .init(line: 1, reason: .unexpectedCharacter(byte: UInt8(ascii: "-"), column: 3))),
        BadCase(name: "MAXS zero", text: "1 1 1 0 0\n",
                error: .init(line: 1, reason: .scoreOutOfRange(score: 0, scoreMax: AssignmentLimits.standard.scoreMax))),
        BadCase(name: "limit", text: "1 1 1 10 99999999999\n",
                error: .init(line: 1, reason: .limitExceeded(
                    field: "E", value: 99_999_999_999, limit: AssignmentLimits.standard.edgeCountMax))),
        BadCase(name: "request out of range", text: "2 2 1 10 1\n2 0 5\n",
                error: .init(line: 2, reason: .requestIndexOutOfRange(request: 2, requestCount: 2))),
        BadCase(name: "offer out of range", text: "2 2 1 10 2\n0 0 5\n1 7 5\n",
                error: .init(line: 3, reason: .offerIndexOutOfRange(offer: 7, offerCount: 2))),
        BadCase(name: "score zero", text: "2 2 1 10 1\n0 0 0\n",
                error: .init(line: 2, reason: .scoreOutOfRange(score: 0, scoreMax: 10))),
        BadCase(name: "score above MAXS", text: "2 2 1 10 1\n0 0 11\n",
                error: .init(line: 2, reason: .scoreOutOfRange(score: 11, scoreMax: 10))),
        BadCase(name: "too few edges", text: "2 2 1 10 3\n0 0 1\n1 1 1\n",
                error: .init(line: 4, reason: .tooFewEdges(expected: 3, found: 2))),
        BadCase(name: "too many edges", text: "2 2 1 10 1\n0 0 1\n1 1 1\n",
                error: .init(line: 3, reason: .unexpectedExtraLine(expectedEdges: 1))),
        BadCase(name: "edge with two fields", text: "2 2 1 10 1\n0 1\n",
                error: .init(line: 2, reason: .edgeFieldCount(found: 2))),
        BadCase(name: "garbage", text: "2 2 1 10 1\n0 x 1\n",
                error: .init(line: 2, reason: .unexpectedCharacter(byte: UInt8(ascii: "x"), column: 3))),
        BadCase(name: "decimal point", text: "2 2 1 10 1\n0 1 2.5\n",
                error: .init(line: 2, reason: .unexpectedCharacter(byte: UInt8(ascii: "."), column: 6))),
        BadCase(name: "huge number", text: "1 1 1 10 1\n0 0 1234567890123456789012\n",
                error: .init(line: 2, reason: .numberTooLarge(column: 5))),
    ]

    // Proves: each kind of malformed input is rejected with the right reason and line number
    // (bad header, out-of-range index, score outside 1...MAXS, wrong edge count, garbage).
    @Test(arguments: badCases)
    func rejectsMalformedText(_ badCase: BadCase) {
        #expect(throws: badCase.error) {
            try AssignmentInstanceParser().parse(badCase.text)
        }
    }

    // Proves: the error message names the line, so a user can find the fault in a large file.
    @Test func errorDescriptionNamesTheLine() {
        do {
            _ = try AssignmentInstanceParser().parse("2 2 1 10 2\n0 0 1\n0 0 99\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "line 3: score 99 not in 1...10")
        }
    }

    // Proves: limits configured by the caller are enforced on the header.
    @Test func enforcesCallerLimits() {
        let limits = AssignmentLimits(requestCountMax: 10)
        #expect(throws: AssignmentInstanceParseError(
            line: 1, reason: .limitExceeded(field: "R", value: 11, limit: 10))) {
            try AssignmentInstanceParser(limits: limits).parse("11 1 1 1 0\n")
        }
    }
}
