import Foundation
import Mustache

/// The templates with their words written in, one library per locale: each `{{w.key}}` becomes
/// the key's text, HTML-escaped exactly as Mustache escapes a value (`&`, `<`, `>`, `"`, `'`),
/// when the templates are loaded rather than on every render. A page's words are constant for
/// its locale, so the output is the same; a render looks up and escapes only the page's own values.
/// A key the locale lacks, or text holding Mustache's own `{{`/`}}`, is left as a tag and read
/// at render time as before.
enum TemplateWords {
    /// `{{w.key}}`: the only form of a word in the templates (a test keeps it so).
    nonisolated(unsafe) static let wordTag = /\{\{w\.([A-Za-z0-9_]+)\}\}/

    static func writeIn(_ template: String, words: Words) -> String {
        template.replacing(wordTag) { match in
            let key = String(match.output.1)
            guard let text = words.messages[key], !text.contains("{{"), !text.contains("}}") else { return String(match.output.0) }
            return escape(text)
        }
    }

    /// Mustache's HTML escaping of a value (its `String.htmlEscape`).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// One library per locale of `catalogues` (keyed by its lower-cased tag), from every
    /// `*.mustache` file in `directory`; a template that does not parse stops the load.
    static func libraries(directory: String, catalogues: MessageCatalogues) throws -> [String: MustacheLibrary] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }
        let texts = try names.map { name in
            (String(name.dropLast(".mustache".count)),
             try String(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name), encoding: .utf8))
        }
        var libraries: [String: MustacheLibrary] = [:]
        for words in catalogues.allWords {
            var library = MustacheLibrary()
            for (name, text) in texts { try library.register(writeIn(text, words: words), named: name) }
            libraries[words.locale.lowercased()] = library
        }
        return libraries
    }
}
