import Foundation
import Mustache

/// The pages' words, per locale (`Resources/Catalogues/en-GB.json`, plus one file per area of the
/// app such as `en-GB.offers.json`: each a flat object of key → text, `{name}` marking a value
/// filled in by the page; a key may appear in only one file of a locale). Templates read them as
/// `{{w.key}}`; Swift as `words["key"]` or `words.format("key", ["name": value])`. A second
/// language is a second file: no template changes. Every locale falls back to en-GB key by key,
/// so a partial translation shows English rather than nothing.
struct MessageCatalogues: Sendable {
    static let defaultLocale = "en-GB"

    /// Each locale's words, merged over the default's; keyed by the locale's lower-cased tag.
    private let wordsByTag: [String: Words]

    /// Reads every `*.json` in `directories`, in order (a later directory's words replace an
    /// earlier's); the default locale must be among them.
    static func load(directories: [String]) throws -> MessageCatalogues {
        var catalogues: [String: (locale: String, messages: [String: String])] = [:]
        for directory in directories {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
            var inThisDirectory: [String: [String: String]] = [:]
            for name in names {
                let locale = String(name.prefix { $0 != "." })
                let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
                let messages = try JSONDecoder().decode([String: String].self, from: data)
                let tag = locale.lowercased()
                if let repeated = messages.keys.first(where: { inThisDirectory[tag]?[$0] != nil }) {
                    throw CatalogueError.keyInTwoFiles(locale: locale, key: repeated)
                }
                inThisDirectory[tag, default: [:]].merge(messages) { _, new in new }
                catalogues[tag] = (locale, (catalogues[tag]?.messages ?? [:]).merging(messages) { _, new in new })
            }
        }
        guard let base = catalogues[defaultLocale.lowercased()] else { throw CatalogueError.defaultLocaleMissing }
        var words: [String: Words] = [:]
        for (tag, catalogue) in catalogues {
            words[tag] = Words(locale: catalogue.locale, messages: base.messages.merging(catalogue.messages) { _, own in own })
        }
        return MessageCatalogues(wordsByTag: words)
    }

    enum CatalogueError: Error, Equatable {
        case defaultLocaleMissing
        /// Two files of one locale in one directory define the same key: which wins would be luck.
        case keyInTwoFiles(locale: String, key: String)
    }

    /// The words for the visitor's `Accept-Language` (`LanguagePreference`), else en-GB.
    func words(acceptLanguage: String?) -> Words {
        let tag = LanguagePreference.choose(acceptLanguage, available: Set(wordsByTag.keys)) ?? Self.defaultLocale.lowercased()
        return wordsByTag[tag] ?? defaultWords
    }

    /// The words of `language` (a member's setting) when a catalogue has exactly that tag, else
    /// those for `acceptLanguage`.
    func words(language: String?, acceptLanguage: String?) -> Words {
        if let language, let words = wordsByTag[language.lowercased()] { return words }
        return words(acceptLanguage: acceptLanguage)
    }

    /// The locales the app has words for (their tags as the catalogue files spell them), the
    /// default first, then in tag order.
    var locales: [String] {
        wordsByTag.values.map(\.locale).sorted { a, b in
            a == Self.defaultLocale ? b != Self.defaultLocale : (b == Self.defaultLocale ? false : a.lowercased() < b.lowercased())
        }
    }

    /// Every locale's words.
    var allWords: [Words] { Array(wordsByTag.values) }

    var defaultWords: Words {
        guard let words = wordsByTag[Self.defaultLocale.lowercased()] else { preconditionFailure("checked by load") }
        return words
    }
}

/// One locale's words, complete (the default's fill any gap).
struct Words: Sendable, MustacheParent {
    let locale: String
    let messages: [String: String]

    func child(named name: String) -> Any? { messages[name] }

    /// The text of `key`; a key missing from every catalogue shows as itself (a test checks
    /// that every key the templates and pages use is in en-GB).
    subscript(_ key: String) -> String { messages[key] ?? key }

    /// The text of `key` with each `{name}` replaced by its value, in one pass: a value is never
    /// read for names of its own, and a `{name}` with no value stays as it is.
    func format(_ key: String, _ values: [String: String]) -> String {
        let text = self[key]
        var rest = Substring(text)
        guard rest.contains("{") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 32)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            if let value = values[String(rest[rest.index(after: open)..<close])] {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
