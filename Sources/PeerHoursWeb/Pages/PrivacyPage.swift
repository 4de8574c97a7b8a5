import Exchange
import Foundation
import Hummingbird

/// `/privacy`: the service's privacy notice (what PeerHours keeps, why, who sees it, for how
/// long, members' rights, whom to ask), followed by each network's own notice — the network of
/// `?network=<slug>` for anyone, a signed-in member's networks otherwise. Public, linked from
/// every page's footer and from the sign-up page.
struct PrivacyView: Sendable {
    struct Section: Sendable {
        var heading: String
        var paragraphs: [String]
    }

    var sections: [Section]
    var networkNotices: [NetworkNoticeView]
    var hasNetworkNotices: Bool
    /// Said when a network was asked for (or the member has networks) but none has its own text.
    var noNetworkNotice: String?
}

extension WebApp {
    static let privacyPath = "/privacy"
    /// The default notice's sections, by their words' keys (`en-GB.care.json`:
    /// `privacySection_<key>_heading`, `privacySection_<key>_text`, paragraphs at blank lines).
    static let privacySections = ["who", "what", "why", "whoSees", "email", "howLong", "rights", "erasure", "contact"]

    func showPrivacy<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let words = visit.words
        let published = try await publishedCareTexts(request, visit: visit)
        let when = visit.when(now: exchange.now())
        let notices = published.compactMap { network -> NetworkNoticeView? in
            guard let notice = network.texts.privacyNotice else { return nil }
            return NetworkNoticeView(
                heading: words.format("privacyNetworkHeading", ["network": network.name]), paragraphs: Self.paragraphs(notice),
                updated: network.texts.updatedAt.map { words.format("privacyNetworkUpdated", ["date": when.dayWithYear($0)]) })
        }
        let view = PrivacyView(
            sections: Self.privacySections.map { key in
                PrivacyView.Section(heading: words["privacySection_\(key)_heading"],
                                    paragraphs: Self.paragraphs(words["privacySection_\(key)_text"]))
            },
            networkNotices: notices, hasNetworkNotices: !notices.isEmpty,
            noNetworkNotice: !published.isEmpty && notices.isEmpty ? words["privacyNoNetworkNotice"] : nil)
        return try await page("privacy", view, visit: visit)
    }
}
