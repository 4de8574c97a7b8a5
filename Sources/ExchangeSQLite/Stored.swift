import Foundation
import GRDB

/// Encodings of stored values.
enum Stored {
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func seconds(_ date: Date?) -> Int64? { date.map { seconds($0) } }

    static func json<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("domain values always encode as JSON")
        }
        return text
    }

    /// An FTS5 query matching every word as a prefix. Words are letters and digits only
    /// (validated by the domain), each quoted, so nothing in them is FTS syntax.
    static func ftsQuery(_ words: [String]) -> String {
        words.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"*" }.joined(separator: " ")
    }

    /// Topics as text for the full-text index: hyphens separate words for the tokenizer.
    static func ftsTopics(_ topics: [String]) -> String { topics.joined(separator: " ") }

    static func isUniqueViolation(_ error: Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    }
}
