/// RFC 2045 §6.7 quoted-printable for UTF-8 text: line breaks (CRLF, LF or CR) become CRLF,
/// encoded lines are at most 76 octets, a trailing space or tab is encoded, and so is a full stop
/// at the start of a line (some relays mishandle it even after SMTP's dot-stuffing).
public enum QuotedPrintable {
    public static let encodedLineOctetsMax = 76

    public static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        let lines = splitLines(Array(text.utf8))
        for (index, line) in lines.enumerated() {
            if index > 0 { output += [0x0D, 0x0A] }
            encodeLine(line, into: &output)
        }
        return output
    }

    /// The lines of `octets`, split at CRLF, LF or a lone CR (without the break).
    static func splitLines(_ octets: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0, index = 0
        while index < octets.count {
            let octet = octets[index]
            if octet == 0x0A || octet == 0x0D {
                lines.append(octets[start..<index])
                index += (octet == 0x0D && index + 1 < octets.count && octets[index + 1] == 0x0A) ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        lines.append(octets[start..<octets.count])
        return lines
    }

    private static func encodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var column = 0
        for (offset, octet) in zip(line.indices, line) {
            let isLast = offset == line.index(before: line.endIndex)
            var token = isLiteral(octet, isLast: isLast) ? [octet] : escaped(octet)
            // Room for the soft break's "=" unless this token ends the line.
            let limit = isLast ? encodedLineOctetsMax : encodedLineOctetsMax - 1
            if column + token.count > limit {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                column = 0
            }
            if column == 0 && octet == UInt8(ascii: ".") { token = escaped(octet) }
            output += token
            column += token.count
        }
    }

    private static func isLiteral(_ octet: UInt8, isLast: Bool) -> Bool {
        if octet == UInt8(ascii: " ") || octet == 0x09 { return !isLast }
        return octet >= 33 && octet <= 126 && octet != UInt8(ascii: "=")
    }

    private static func escaped(_ octet: UInt8) -> [UInt8] {
        [UInt8(ascii: "="), hexDigit(octet >> 4), hexDigit(octet & 0x0F)]
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
