import Foundation
import Hummingbird

/// `/help-now`: where to turn when someone needs to talk to someone soon — a plain statement that
/// PeerHours is not an emergency service (999, 111), the services that answer now, and each
/// network's own list (`?network=<slug>` for anyone; a signed-in member's networks otherwise).
/// Reachable from every page's footer, signed in or not: a peer-support market must never be the
/// only door.
struct HelpNowView: Sendable {
    var services: [SignpostView]
    var networkLists: [NetworkSignpostsView]
}

extension WebApp {
    static let helpNowPath = "/help-now"
    /// The services listed, by their words' keys (`en-GB.help.json`: `helpService_<key>_name`, `_how`, `_about`).
    static let helpNowServices = ["practitionerHealth", "samaritans", "shout", "employeeAssistance"]

    func showHelpNow<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let published = try await publishedCareTexts(request, visit: visit)
        let view = HelpNowView(services: Self.defaultSignposts(visit.words),
                               networkLists: Self.networkSignposts(published, words: visit.words))
        return try await page("help-now", view, visit: visit)
    }
}
