import Foundation

/// RFC 4180 CSV: UTF-8, CRLF after every record (the last too), a field quoted when it holds a
/// comma, a double quote or a line break (its quotes doubled). One writer for every download —
/// the API's reports, `peerhours export`, the coordinators' report page and the members'
/// statements — so the files agree.
///
/// `neutralisingFormulas`: for files of what people typed, chose or were named (a statement's
/// names, a report's kinds and partner slugs — every download sets it), a
/// field that a spreadsheet would run as a formula — one starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return — is prefixed with `'` (OWASP's CSV injection advice). A field that is a
/// whole number ("-90") is left as it is: it cannot be a formula, and a sum needs it a number.
public enum CSVText {
    public static func encode(columns: [String], rows: [[String]], neutralisingFormulas: Bool = false) -> Data {
        var text = ""
        for record in [columns] + rows {
            text += record.map { field($0, neutralisingFormulas: neutralisingFormulas) }.joined(separator: ",")
            text += "\r\n"
        }
        return Data(text.utf8)
    }

    public static func field(_ value: String, neutralisingFormulas: Bool = false) -> String {
        var value = value
        if neutralisingFormulas, let first = value.unicodeScalars.first, formulaStarts.contains(first), !isWholeNumber(value) {
            value = "'" + value
        }
        guard value.unicodeScalars.contains(where: quotedScalars.contains) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    private static let quotedScalars: Set<Unicode.Scalar> = ["\"", ",", "\r", "\n"]

    private static func isWholeNumber(_ value: String) -> Bool {
        let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
        return !digits.isEmpty && digits.count <= 19 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
