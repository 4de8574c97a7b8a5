/// One server reply (RFC 5321 §4.2): a three-digit code and its text lines.
public struct SMTPReply: Sendable, Hashable {
    public var code: Int
    /// Each line's text after the code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        precondition((200...599).contains(code), "a reply code")
        self.code = code
        self.lines = lines
    }

    /// 2, 3, 4 or 5.
    public var category: Int { code / 100 }

    /// The RFC 3463 enhanced status code ("5.1.1") at the start of the first line, when present:
    /// it says what went wrong without naming anyone.
    public var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 1, String(parts[0]) == String(category),
              parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(first)
    }
}

/// Why the server's replies could not be read.
public enum SMTPProtocolError: Error, Sendable, Hashable {
    case lineTooLong
    case tooManyLines
    case malformedLine
    case codeChangedWithinReply
}

/// Builds replies from lines ("250-first", "250 last"), with RFC 5321's limits: a line of at most
/// 512 octets with its CRLF, and (ours) at most 100 lines a reply. Pure: the channel handler feeds it.
public struct SMTPReplyParser: Sendable {
    public static let lineOctetsMax = 512
    public static let linesPerReplyMax = 100

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// One line without its line break; a reply when this line ended one.
    public mutating func consume(line: some Collection<UInt8>) throws(SMTPProtocolError) -> SMTPReply? {
        guard line.count + 2 <= Self.lineOctetsMax else { throw .lineTooLong }
        let octets = Array(line)
        guard octets.count >= 3, octets[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .malformedLine
        }
        let lineCode = octets[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (200...599).contains(lineCode) else { throw .malformedLine }
        let isLast: Bool
        switch octets.count > 3 ? octets[3] : UInt8(ascii: " ") {
        case UInt8(ascii: " "): isLast = true
        case UInt8(ascii: "-"): isLast = false
        default: throw .malformedLine
        }
        if let code, code != lineCode { throw .codeChangedWithinReply }
        guard lines.count < Self.linesPerReplyMax else { throw .tooManyLines }
        code = lineCode
        lines.append(String(decoding: octets.dropFirst(4), as: UTF8.self))
        guard isLast else { return nil }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }
}
