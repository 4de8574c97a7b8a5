import Foundation

/// Free text in headers (the subject, display names): RFC 2047 encoded-words when not plain
/// ASCII, quoted-strings when a name holds specials, and RFC 5322 folding. CR, LF and the other
/// control characters in such text are replaced by spaces, so no value can start a header.
enum HeaderText {
    /// 42 octets of text make 56 base64 characters: `=?UTF-8?B?` + 56 + `?=` is 68 columns,
    /// under RFC 2047's 75, so even "Subject: " and one word stay within 78.
    static let encodedWordTextOctetsMax = 42
    /// An ASCII word longer than this is sent as encoded-words so that folding can keep lines short.
    static let plainWordOctetsMax = 66

    /// Control characters (C0, DEL, C1, and the Unicode line and paragraph separators) become
    /// spaces; runs of whitespace collapse; the ends are trimmed.
    static func sanitised(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
            let isSpace = isControl || scalar == " "
            if isSpace {
                if !lastWasSpace { scalars.append(" ") }
            } else {
                scalars.append(scalar)
            }
            lastWasSpace = isSpace
        }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    /// The subject (already sanitised) as tokens to fold: its words when it is printable ASCII
    /// with short words and nothing that looks like an encoded-word, else encoded-words.
    static func unstructuredTokens(_ text: String) -> [String] {
        let words = text.split(separator: " ").map(String.init)
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
            && words.allSatisfy { $0.utf8.count <= plainWordOctetsMax }
        return plain ? words : encodedWords(text)
    }

    /// A display name (already sanitised) as phrase tokens: atoms as they are, a quoted-string
    /// when it holds specials, encoded-words when it is not ASCII or too long to quote on a line.
    static func phraseTokens(_ name: String) -> [String] {
        let ascii = name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if ascii && !name.contains("=?") {
            let words = name.split(separator: " ").map(String.init)
            if words.allSatisfy({ $0.utf8.allSatisfy(isAtomOctet) && $0.utf8.count <= plainWordOctetsMax }) {
                return words
            }
            let quoted = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            if quoted.utf8.count <= plainWordOctetsMax { return [quoted] }
        }
        return encodedWords(name)
    }

    /// RFC 2047 B-encoded words of whole Unicode scalars, each at most 68 columns.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let octets = Array(String(scalar).utf8)
            if chunk.count + octets.count > encodedWordTextOctetsMax {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += octets
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    /// `Name: token token…` folded with CRLF + space before a token that would pass 78 columns.
    /// Every token is at most 900 octets, so no line can pass 998.
    static func folded(name: String, tokens: [String]) -> String {
        var result = name + ":"
        var column = result.utf8.count
        for token in tokens {
            let length = token.utf8.count
            precondition(length <= 900, "a header token longer than a line may be")
            if column + 1 + length > MailLimits.headerFoldColumns && column > name.utf8.count + 1 {
                result += "\r\n " + token
                column = 1 + length
            } else {
                result += " " + token
                column += 1 + length
            }
        }
        return result
    }

    private static func encodedWord(_ octets: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(octets).base64EncodedString() + "?="
    }

    /// RFC 5322 atext.
    private static func isAtomOctet(_ octet: UInt8) -> Bool {
        switch octet {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(octet)
        }
    }
}
