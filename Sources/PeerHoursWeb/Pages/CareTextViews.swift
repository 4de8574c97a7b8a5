import Exchange
import Foundation
import Hummingbird

/// One service of a signposting list as the pages draw it (the default list's or a network's).
struct SignpostView: Sendable {
    var name: String
    var how: String
    var about: String
    var hasAbout: Bool

    init(name: String, how: String, about: String) {
        self.name = name
        self.how = how
        self.about = about
        hasAbout = !about.isEmpty
    }
}

/// A network's own signposting list, under a heading that names the network.
struct NetworkSignpostsView: Sendable {
    var heading: String
    var services: [SignpostView]
}

/// A network's own privacy notice, in paragraphs.
struct NetworkNoticeView: Sendable {
    var heading: String
    var paragraphs: [String]
    var updated: String?
}

extension WebApp {
    /// The query parameter naming the network whose texts a public page shows (`?network=<slug>`).
    static let careNetworkParameter = "network"

    /// The service's default signposting list (`en-GB.help.json`), the same for every network.
    static func defaultSignposts(_ words: Words) -> [SignpostView] {
        helpNowServices.map { key in
            SignpostView(name: words["helpService_\(key)_name"], how: words["helpService_\(key)_how"],
                         about: words["helpService_\(key)_about"])
        }
    }

    /// Whose care texts a public page shows: the network named by `?network=<slug>` when there is
    /// one (anyone may ask; an unknown slug shows none), else the signed-in member's networks,
    /// else none.
    func publishedCareTexts(_ request: Request, visit: Visit) async throws -> [PublishedCareTexts] {
        if let slug = request.uri.queryParameters.get(Self.careNetworkParameter) {
            return try await exchange.careTexts.published(slug: String(slug)).map { [$0] } ?? []
        }
        guard let signedIn = visit.signedIn else { return [] }
        return try await exchange.careTexts.published(memberOf: signedIn.actor)
    }

    /// The networks' own signposting lists, those that have one.
    static func networkSignposts(_ published: [PublishedCareTexts], words: Words) -> [NetworkSignpostsView] {
        published.filter { !$0.texts.signposts.isEmpty }.map { network in
            NetworkSignpostsView(
                heading: words.format("careNetworkSignpostsHeading", ["network": network.name]),
                services: network.texts.signposts.map { SignpostView(name: $0.name, how: $0.how, about: $0.about) })
        }
    }

    /// Plain text cut into paragraphs at blank lines (lines within a paragraph kept as spaces).
    static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }
}
