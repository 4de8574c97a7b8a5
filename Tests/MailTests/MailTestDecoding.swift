import Foundation
@testable import Mail

/// Decoders the tests use to read back what the composer wrote (the library only writes).
enum MailTestDecoding {
    /// RFC 2045 quoted-printable to octets; soft breaks removed, CRLF kept.
    static func decodeQuotedPrintable(_ encoded: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < encoded.count {
            let octet = encoded[index]
            if octet == UInt8(ascii: "=") {
                if index + 2 < encoded.count, encoded[index + 1] == 0x0D, encoded[index + 2] == 0x0A {
                    index += 3
                    continue
                }
                let hex = String(decoding: encoded[(index + 1)...(index + 2)], as: UTF8.self)
                output.append(UInt8(hex, radix: 16)!)
                index += 3
            } else {
                output.append(octet)
                index += 1
            }
        }
        return output
    }

    /// The words of an unfolded header value, each B-encoded word decoded; adjacent encoded-words
    /// join without the space between them (RFC 2047 §6.2).
    static func decodeHeaderValue(_ value: String) -> String {
        let words = value.split(separator: " ")
        var result = ""
        var previousWasEncoded = false
        for word in words {
            if word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") {
                let payload = word.dropFirst(10).dropLast(2)
                let text = String(decoding: Data(base64Encoded: String(payload))!, as: UTF8.self)
                result += (result.isEmpty || previousWasEncoded ? "" : " ") + text
                previousWasEncoded = true
            } else {
                result += (result.isEmpty ? "" : " ") + word
                previousWasEncoded = false
            }
        }
        return result
    }

    /// The header section split into unfolded fields (name, value), in order.
    static func headerFields(_ message: [UInt8]) -> [(name: String, value: String)] {
        let text = String(decoding: message, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0]
        let unfolded = header.replacingOccurrences(of: "\r\n ", with: " ")
        return unfolded.components(separatedBy: "\r\n").map { line in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
    }

    static func field(_ name: String, in message: [UInt8]) -> String? {
        headerFields(message).first { $0.name.lowercased() == name.lowercased() }?.value
    }

    static func lines(_ message: [UInt8]) -> [ArraySlice<UInt8>] {
        message.split(separator: 0x0A, omittingEmptySubsequences: false)
    }
}

/// A message with every optional part, for the tests to vary.
func sampleMessage(
    subject: String = "Your session with Siân is confirmed ✓",
    fromName: String? = "PeerHours", toName: String? = "Zoë Ó Ceallaigh",
    text: String = "Hello Zoë,\nyour session is confirmed.\n", html: String = "<p>Hello Zoë</p>",
    calendar: CalendarAttachment? = nil, unsubscribeURL: String? = nil
) -> MailMessage {
    MailMessage(
        from: MailAddress("notices@peerhours.example", displayName: fromName),
        to: MailAddress("zoe@nhs.example", displayName: toName),
        subject: subject, messageID: "<peerhours.exchange.42@peerhours.example>",
        date: Date(timeIntervalSince1970: 1_796_233_507), textBody: text, htmlBody: html,
        calendar: calendar, unsubscribeURL: unsubscribeURL)
}
