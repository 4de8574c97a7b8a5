import Foundation
import Testing
@testable import Mail

@Suite struct QuotedPrintableTests {
    /// Texts that catch encoders out: every length of a cycle of multi-byte characters, spaces,
    /// "=", dots and tabs, so that soft breaks fall on every kind of octet.
    static var texts: [String] {
        let cycle = Array("aż =.\tÓ🌈b .x=".unicodeScalars)
        var texts = (0...200).map { length in String(String.UnicodeScalarView((0..<length).map { cycle[$0 % cycle.count] })) }
        texts += [
            "", " ", "\t", ".", "..", "=", "line \nnext\t\r\n.dot\r\rend ", String(repeating: "=", count: 100),
            String(repeating: "ą", count: 100), String(repeating: " ", count: 80) + "x", String(repeating: "a", count: 75) + ".",
        ]
        return texts
    }

    /// Proves decoding the encoding gives back the text with its line breaks as CRLF.
    @Test func roundTrip() {
        for text in Self.texts {
            let encoded = QuotedPrintable.encode(text)
            let lines = QuotedPrintable.splitLines(Array(text.utf8)).map(Array.init)
            let expected = Array(lines.joined(separator: [0x0D, 0x0A]))
            #expect(MailTestDecoding.decodeQuotedPrintable(encoded) == expected, "\(text.debugDescription)")
        }
    }

    /// Proves every encoded line has at most 76 octets, is 7-bit, ends without a space or tab,
    /// and never starts with a bare full stop.
    @Test func encodedLinesKeepTheRules() {
        for text in Self.texts {
            let encoded = QuotedPrintable.encode(text)
            #expect(encoded.allSatisfy { $0 < 0x80 && ($0 >= 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A) })
            for line in String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n") {
                #expect(line.utf8.count <= 76, "\(line)")
                #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "\(line.debugDescription)")
                #expect(!line.hasPrefix("."), "\(line)")
            }
        }
    }

    /// Proves the exact encoding of a few known cases (RFC 2045 §6.7's rules by hand).
    @Test func knownEncodings() {
        #expect(String(decoding: QuotedPrintable.encode("Zoë = 1 \nok"), as: UTF8.self) == "Zo=C3=AB =3D 1=20\r\nok")
        #expect(String(decoding: QuotedPrintable.encode(".start"), as: UTF8.self) == "=2Estart")
        let long = String(decoding: QuotedPrintable.encode(String(repeating: "a", count: 80)), as: UTF8.self)
        #expect(long == String(repeating: "a", count: 75) + "=\r\n" + String(repeating: "a", count: 5))
    }
}
