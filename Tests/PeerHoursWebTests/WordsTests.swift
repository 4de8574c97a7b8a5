import AppTestSupport
import Exchange
import Foundation
import HummingbirdTesting
import TestSupport
import Testing
@testable import PeerHoursWeb

@Suite struct WordsTests {
    // Proves a second catalogue, added without touching a template, changes the words for a
    // visitor whose Accept-Language asks for it (and the page's lang), while others keep en-GB;
    // keys it lacks fall back to en-GB.
    @Test func aSecondCatalogueSwitchesTheWords() async throws {
        let folder = try TemporaryDirectory(prefix: "web-catalogue")
        defer { folder.remove() }
        try #"{"signInTitle": "Connexion", "signInButton": "Se connecter"}"#.write(
            toFile: folder.file("fr.json"), atomically: true, encoding: .utf8)
        let fixture = try await AppFixture.web(web: WebConfiguration(additionalCatalogueDirectories: [folder.path]))
        try await fixture.application().test(.router) { client in
            var french = Browser(client, acceptLanguage: "fr-CA, fr;q=0.9, en;q=0.5")
            let page = try await french.get("/")
            #expect(page.html.contains(#"<html lang="fr">"#))
            #expect(page.html.contains("<h1>Connexion</h1>") && page.html.contains(">Se connecter</button>"))
            #expect(page.html.contains("Email address"))
            var english = Browser(client, acceptLanguage: "de, en-US;q=0.8")
            let other = try await english.get("/")
            #expect(other.html.contains(#"<html lang="en-GB">"#) && other.html.contains("<h1>Sign in</h1>"))
            var none = Browser(client)
            #expect(try await none.get("/").html.contains("<h1>Sign in</h1>"))
        }
    }

    // Proves every word a template names (`{{w.key}}`) and every key the pages build from parts
    // is in the shipped en-GB catalogue, so no page shows a bare key.
    @Test func everyKeyIsInTheCatalogue() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/PeerHoursWeb")
        let catalogue = try MessageCatalogues.load(directories: [Self.shippedCatalogues]).defaultWords.messages
        var keys: Set<String> = []
        let templates = sources.appendingPathComponent("Resources/Templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            keys.formUnion(Self.matches(#"\{\{[#^/]?w\.([A-Za-z0-9_]+)\}\}"#, in: text))
        }
        for file in try FileManager.default.subpathsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            keys.formUnion(Self.matches(#"words\["([A-Za-z0-9_]+)"\]"#, in: text))
            keys.formUnion(Self.matches(#"words\.format\("([A-Za-z0-9_]+)""#, in: text))
        }
        #expect(keys.count > 40)
        // Keys the pages build from parts.
        for status in ["invited", "active", "suspended", "left"] { keys.insert("homeMembership_" + status) }
        for stage in ["early", "mid", "senior", "retired"] { keys.insert("profileCareerStageOption_" + stage) }
        for field in ["displayName", "profession", "organisation", "careerStage", "languages", "bio"] { keys.insert("profileError_" + field) }
        for page in ["error400", "error403", "error404", "error500", "joinUsed", "joinExpired", "joinNotFound"] {
            keys.formUnion([page + "Heading", page + "Explanation"])
        }
        for field in ["signInEmail", "signInPassword", "joinNewPassword", "joinExistingPassword", "profileDisplayName",
                      "profileProfession", "profileOrganisation", "profileLanguages", "profileBio", "passwordCurrent", "passwordNew"] {
            keys.insert(field + "Label")
        }
        keys.insert("profileCareerStageLegend")
        for weekday in 1...7 { keys.insert("weekday_\(weekday)") }
        // The agreements pages (issue 19 item 10).
        for step in AgreementCommand.allCases.map(\.rawValue) + ["withdraw"] { keys.insert("agreementButton_" + step) }
        for step in AgreementCommand.allCases { keys.insert("agreementDone_" + step.rawValue) }
        keys.formUnion(["agreementWarning_end", "agreementWarning_withdraw"])
        for state in ["proposedByUs", "proposedToUs", "inForce", "notYet", "over", "suspended", "declined", "ended"] {
            keys.insert("agreementState_" + state)
        }
        for status in AgreementStatus.allCases { keys.insert("positionsStatus_" + status.rawValue) }
        for field in AgreementForm.fieldOrder where field != "kinds" { keys.insert("agreement_" + field + "Label") }
        for column in ["partner", "agreement", "net", "pendingIn", "pendingOut", "sessionsIn", "sessionsOut", "headroomIn", "headroomOut"] {
            keys.insert("positionsColumn_" + column)
        }
        let missing = keys.subtracting(catalogue.keys).sorted()
        #expect(missing.isEmpty, "missing from en-GB: \(missing)")
    }

    // Proves the words of a locale may be split by area, and that one key in two files of a
    // locale is refused at start rather than one of them winning by file order.
    @Test func aLocaleSplitAcrossFiles() throws {
        let folder = try TemporaryDirectory(prefix: "web-catalogue-split")
        try Data(#"{"one":"One"}"#.utf8).write(to: folder.url.appendingPathComponent("en-GB.json"))
        try Data(#"{"two":"Two"}"#.utf8).write(to: folder.url.appendingPathComponent("en-GB.offers.json"))
        let words = try MessageCatalogues.load(directories: [folder.path]).defaultWords
        #expect(words["one"] == "One" && words["two"] == "Two")
        try Data(#"{"one":"Again"}"#.utf8).write(to: folder.url.appendingPathComponent("en-GB.requests.json"))
        #expect(throws: MessageCatalogues.CatalogueError.keyInTwoFiles(locale: "en-GB", key: "one")) {
            try MessageCatalogues.load(directories: [folder.path])
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    // Proves hours read as people say them, with a true minus sign below zero.
    @Test(arguments: [
        (0, "0 h"), (45, "45 min"), (60, "1 h"), (90, "1 h 30 min"), (200, "3 h 20 min"), (-600, "\u{2212}10 h"),
        (-45, "\u{2212}45 min"), (-61, "\u{2212}1 h 1 min"),
    ] as [(Int64, String)])
    func hoursText(minutes: Int64, expected: String) throws {
        let words = try MessageCatalogues.load(directories: [Self.shippedCatalogues]).defaultWords
        #expect(HoursText.text(minutes: minutes, words: words) == expected)
    }

    // Proves moments read as people say them, on the clock of the zone: British summer time
    // moves the hour, the year shows only when it is not this year's, and an unknown zone falls
    // back to London's.
    @Test func whenWords() throws {
        let words = try MessageCatalogues.load(directories: [Self.shippedCatalogues]).defaultWords
        let summer = Date(timeIntervalSince1970: 1_783_015_200)  // 2026-07-02T18:00:00Z, a Thursday
        let winter = Date(timeIntervalSince1970: 1_796_796_000)  // 2026-12-09T06:00:00Z, a Wednesday
        let london = WhenWords(timeZone: "Europe/London", now: winter)
        #expect(london.span(start: summer, durationMinutes: 90) == "Thursday 2 July, 19:00\u{2013}20:30")
        #expect(WhenWords(timeZone: "UTC", now: winter).moment(summer, words: words) == "Thursday 2 July at 18:00")
        #expect(WhenWords(timeZone: "Not/AZone", now: winter).day(winter) == "Wednesday 9 December")
        #expect(WhenWords(timeZone: "America/New_York", now: winter).moment(winter, words: words) == "Wednesday 9 December at 01:00")
        #expect(WhenWords(timeZone: "UTC", now: winter.addingTimeInterval(365 * 86_400)).day(winter) == "Wednesday 9 December 2026")
    }

    // Proves Accept-Language is read by weight, then order; `q=0` and `*` are ignored; a
    // region falls back to its language.
    @Test(arguments: [
        ("fr;q=0.4, de;q=0.9", ["de", "fr"], "de"),
        ("fr, de", ["de", "fr"], "fr"),
        ("fr;q=0, de;q=0.1", ["de", "fr"], "de"),
        ("*, en-US", ["en-gb", "fr"], "en-gb"),
        ("pt-BR", ["en-gb"], nil),
        (nil, ["en-gb"], nil),
    ] as [(String?, [String], String?)])
    func languageChoice(header: String?, available: [String], expected: String?) {
        #expect(LanguagePreference.choose(header, available: Set(available)) == expected)
    }

    static var shippedCatalogues: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PeerHoursWeb/Resources/Catalogues").path
    }
}
