/// What a server's EHLO reply offers (RFC 5321 §4.1.1.1): the keywords this client uses.
public struct SMTPExtensions: Sendable, Hashable {
    public var startTLS = false
    /// Upper-cased mechanism names ("PLAIN", "LOGIN").
    public var authMechanisms: Set<String> = []
    /// RFC 1870's declared maximum, when the server gave one above zero.
    public var sizeOctetsMax: Int?
    public var eightBitMIME = false

    public init() {}

    /// The lines after the first (which is the server's greeting text).
    public init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "8BITMIME": eightBitMIME = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "SIZE":
                if words.count > 1, let limit = Int(words[1]), limit > 0 { sizeOctetsMax = limit }
            default: continue
            }
        }
    }
}

/// SMTP's DATA transparency (RFC 5321 §4.5.2): a line starting with "." gets another, and the
/// message ends with CRLF "." CRLF. Pure, for the transport and its tests.
public enum SMTPDotStuffing {
    /// `message` must use CRLF line ends (the composer's output does); a last line without one gets one.
    public static func encode(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        for octet in message {
            if atLineStart && octet == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(octet)
            atLineStart = octet == 0x0A
        }
        if !output.isEmpty && !atLineStart { output += [0x0D, 0x0A] }
        output += Array(".\r\n".utf8)
        return output
    }
}
