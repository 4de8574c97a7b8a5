import Exchange
import Foundation
import Testing

@Suite struct CSVTextTests {
    // Proves RFC 4180 as the reports wrote it before (CSV.swift's writer): quotes only where a
    // comma, a quote or a line break needs them, quotes doubled, CRLF after every record.
    @Test func quotingAndRecords() {
        let data = CSVText.encode(columns: ["name", "note"], rows: [["Amina", "plain"], ["Dr \"Sam\" Lee", "a, b"], ["x", "two\nlines"], ["", "\r\n"]])
        #expect(String(decoding: data, as: UTF8.self)
            == "name,note\r\nAmina,plain\r\n\"Dr \"\"Sam\"\" Lee\",\"a, b\"\r\nx,\"two\nlines\"\r\n,\"\r\n\"\r\n")
        #expect(String(decoding: CSVText.encode(columns: ["only"], rows: []), as: UTF8.self) == "only\r\n")
    }

    // Proves formula neutralisation: a field starting = + - @ (or a tab or CR) gets a leading
    // apostrophe, quoted when it must be; whole numbers, negative ones too, stay numbers; without
    // the option nothing changes (the reports' files are as they were).
    @Test func formulasAreNeutralised() {
        let cases: [(String, String)] = [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@cmd", "'@cmd"),
            ("\tTab", "'\tTab"), ("=A1,B1", "\"'=A1,B1\""), ("-90", "-90"), ("120", "120"), ("Dr Khan", "Dr Khan"),
            ("\u{2212}2 h", "\u{2212}2 h"), ("", ""),
        ]
        for (value, expected) in cases {
            #expect(CSVText.field(value, neutralisingFormulas: true) == expected, "\(value)")
        }
        #expect(CSVText.field("=SUM(A1)") == "=SUM(A1)")
    }
}
