/// A MIME entity as header lines and encoded content (already CRLF, 7-bit).
struct MIMEPart {
    var headerLines: [String]
    var content: [UInt8]

    static func leaf(headerLines: [String], content: [UInt8]) -> MIMEPart {
        MIMEPart(headerLines: headerLines, content: content)
    }

    /// RFC 2046 §5.1: each part after `--boundary`, the end as `--boundary--`.
    static func multipart(subtype: String, boundary: String, parts: [MIMEPart]) -> MIMEPart {
        precondition(boundary.utf8.count <= 70, "RFC 2046 limits a boundary to 70 characters")
        let delimiter = Array(("--" + boundary).utf8)
        var content: [UInt8] = []
        for part in parts {
            precondition(!contains(part.content, delimiter), "a boundary occurs in its part's content")
            content += delimiter + crlf
            content += Array(part.headerLines.joined(separator: "\r\n").utf8) + crlf + crlf
            content += part.content + crlf
        }
        content += delimiter + Array("--".utf8) + crlf
        let type = HeaderText.folded(name: "Content-Type", tokens: ["multipart/\(subtype);", "boundary=\"\(boundary)\""])
        return MIMEPart(headerLines: [type], content: content)
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
