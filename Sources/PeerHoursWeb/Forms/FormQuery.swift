import Foundation
import Hummingbird

/// A GET form's fields from the request's query, decoded as browsers encode them
/// (application/x-www-form-urlencoded: a space is `+`, a literal plus `%2B`). Hummingbird's
/// `queryParameters` percent-decodes but keeps `+`, so "orla hughes" would arrive as "orla+hughes".
struct FormQuery: Sendable {
    private var values: [String: String] = [:]

    init(_ request: Request) {
        guard let query = request.uri.query else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), values[name] == nil else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
    }

    /// The first value of `name`; nil when absent.
    subscript(_ name: String) -> String? { values[name] }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
