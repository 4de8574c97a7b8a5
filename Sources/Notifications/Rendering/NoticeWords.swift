import Foundation
import Outbox

/// The words of every notice in one language, read from a catalogue (`Resources/<tag>.notices.json`):
/// shared lines (greeting, footer) and, per kind, a subject, a lead paragraph and the link's words.
/// Placeholders are `{name}`; `format` substitutes each once and never re-reads what it substituted.
public struct NoticeWords: Sendable {
    struct KindWords: Decodable, Sendable {
        var subject: String
        var lead: String
        var action: String
    }

    struct Catalogue: Decodable, Sendable {
        var greeting: String
        var greetingAnonymous: String
        var when: String
        var length: String
        var how: String
        var expires: String
        var privacy: String
        var why: String
        var whyNetwork: String
        var settings: String
        var unsubscribe: String
        var notEmergency: String
        var nothing: String
        var kinds: [String: KindWords]
        /// A weekly summary's lines, by fact key ("{count} open disputes").
        var summaryItems: [String: String]
        var countOrMore: String
    }

    public enum LoadError: Error, Equatable {
        case missingCatalogue(String)
        case missingKind(String)
    }

    let catalogue: Catalogue

    /// The catalogue for `languageTag` ("en-GB" is the only one shipped). Every kind must have words.
    public init(languageTag: String = "en-GB") throws {
        guard let url = Bundle.module.url(forResource: "\(languageTag).notices", withExtension: "json", subdirectory: "Resources") else {
            throw LoadError.missingCatalogue(languageTag)
        }
        try self.init(json: try Data(contentsOf: url))
    }

    init(json: Data) throws {
        catalogue = try JSONDecoder().decode(Catalogue.self, from: json)
        for kind in NoticeKind.allCases where catalogue.kinds[kind.rawValue] == nil {
            throw LoadError.missingKind(kind.rawValue)
        }
    }

    /// A summary line for a count fact ("3 open disputes"; "50 or more …" at `countedMax`); nil for
    /// a zero count or an unknown key.
    func summaryItem(_ key: String, count: Int, countedMax: Int) -> String? {
        guard count > 0, let template = catalogue.summaryItems[key] else { return nil }
        let shown = count >= countedMax ? Self.format(catalogue.countOrMore, ["count": String(count)]) : String(count)
        return Self.format(template, ["count": shown])
    }

    func kind(_ kind: NoticeKind) -> KindWords {
        guard let words = catalogue.kinds[kind.rawValue] else { preconditionFailure("checked at load: \(kind)") }
        return words
    }

    /// `template` with each `{key}` replaced by `values[key]` (left as it is when absent), in one
    /// pass: a substituted value is never read for placeholders.
    static func format(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let key = String(rest[rest.index(after: open)..<close])
            if let value = values[key] {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
