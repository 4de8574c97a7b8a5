import Foundation

/// Reads `Accept-Language` (RFC 9110 §12.5.4): language ranges with optional `q` weights.
enum LanguagePreference {
    /// How many ranges are read; the rest of a longer header is ignored.
    static let rangesMax = 16

    /// The best available locale (lower-cased tags): the highest-weighted range that names one
    /// exactly, or whose primary language is an available locale's (`en-US` → `en-gb`); nil when
    /// nothing matches.
    static func choose(_ header: String?, available: Set<String>) -> String? {
        for range in ranked(header) {
            if available.contains(range) { return range }
            let primary = range.split(separator: "-").first.map(String.init) ?? range
            if let match = available.sorted().first(where: { $0 == primary || $0.hasPrefix(primary + "-") }) { return match }
        }
        return nil
    }

    /// The ranges, lower-cased, highest weight first (ties in header order), weight 0 and `*` left out.
    static func ranked(_ header: String?) -> [String] {
        guard let header else { return [] }
        let ranges = header.split(separator: ",").prefix(rangesMax).enumerated().compactMap { (index, part) -> (String, Double, Int)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty, tag != "*" else { return nil }
            var weight = 1.0
            for parameter in pieces.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            return weight > 0 ? (tag, weight, index) : nil
        }
        return ranges.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }.map(\.0)
    }
}
