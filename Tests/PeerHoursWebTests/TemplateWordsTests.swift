import Foundation
import Mustache
import Testing
@testable import PeerHoursWeb

@Suite struct TemplateWordsTests {
    static let words = Words(locale: "en-GB", messages: [
        "plain": "Sign in",
        "tricky": #"Tom & "Jerry" <b>it's</b> café – 1 h 30 min"#,
        "braces": "Say {{hello}} to {name}",
        "empty": "",
    ])

    // Proves a template with its words written in at load renders exactly what Mustache renders
    // reading the words at render time (same escaping of & < > " '), inside sections too; a key
    // the catalogue lacks and text holding Mustache's own braces stay tags and render as before.
    @Test func writtenInWordsRenderAsMustacheWould() throws {
        let template = """
            <h1>{{w.plain}}</h1><p title="{{w.tricky}}">{{w.tricky}}</p>{{#page.show}}<b>{{w.plain}}</b>{{/page.show}}\
            [{{w.empty}}][{{w.braces}}][{{w.missing}}] {{page.name}}
            """
        let context: [String: Any] = ["w": Self.words, "page": ["show": true, "name": "<Amina>"]]
        let atRender = try MustacheTemplate(string: template).render(context)
        let writtenIn = TemplateWords.writeIn(template, words: Self.words)
        #expect(try MustacheTemplate(string: writtenIn).render(context) == atRender)
        #expect(writtenIn.contains("Tom &amp; &quot;Jerry&quot; &lt;b&gt;it&#39;s&lt;/b&gt; café"))
        #expect(writtenIn.contains("{{w.braces}}") && writtenIn.contains("{{w.missing}}") && !writtenIn.contains("{{w.plain}}"))
        #expect(atRender.contains("[][Say {{hello}} to {name}][] &lt;Amina&gt;"))
    }

    // Proves every shipped template is written in for each locale and still parses, and that no
    // `{{w.…}}` of a shipped word is left to render time.
    @Test func shippedTemplatesLoadPerLocale() throws {
        let catalogues = try MessageCatalogues.load(directories: [try WebResources.directory("Catalogues")])
        let libraries = try TemplateWords.libraries(directory: try WebResources.directory("Templates"), catalogues: catalogues)
        #expect(Set(libraries.keys) == Set(catalogues.allWords.map { $0.locale.lowercased() }))
        let english = try #require(libraries["en-gb"])
        #expect(english.getTemplate(named: "layout") != nil && english.getTemplate(named: "home") != nil)
        let directory = try WebResources.directory("Templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            #expect(!TemplateWords.writeIn(text, words: catalogues.defaultWords).contains("{{w."), "\(name)")
        }
    }
}

@Suite struct WordsFormatTests {
    // Proves `format` fills each `{name}` once, in one pass: a value holding `{name}` text is
    // not filled again, a name without a value stays, and text without braces is unchanged.
    @Test func fillsNamesInOnePass() {
        let words = Words(locale: "en-GB", messages: [
            "two": "{name} has {hours} left",
            "none": "No names here",
            "odd": "A { lone brace and {missing} name and {name}",
        ])
        #expect(words.format("two", ["name": "Sam {hours}", "hours": "2 h"]) == "Sam {hours} has 2 h left")
        #expect(words.format("none", ["name": "Sam"]) == "No names here")
        #expect(words.format("odd", ["name": "Sam"]) == "A { lone brace and {missing} name and Sam")
        #expect(words.format("absent", [:]) == "absent")
    }
}
