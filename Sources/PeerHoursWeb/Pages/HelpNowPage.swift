import Foundation
import Hummingbird

/// `/help-now`: where to turn when someone needs to talk to someone soon — a plain statement that
/// PeerHours is not an emergency service (999, 111), and services that answer now. Reachable
/// from every page's footer, signed in or not: a peer-support market must never be the only door.
struct HelpNowView: Sendable {
    struct Service: Sendable {
        var name: String
        var how: String
        var about: String
    }

    var services: [Service]
}

extension WebApp {
    static let helpNowPath = "/help-now"
    /// The services listed, by their words' keys (`en-GB.help.json`: `helpService_<key>_name`, `_how`, `_about`).
    static let helpNowServices = ["practitionerHealth", "samaritans", "shout", "employeeAssistance"]

    func showHelpNow<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let words = visit.words
        let services = Self.helpNowServices.map { key in
            HelpNowView.Service(name: words["helpService_\(key)_name"], how: words["helpService_\(key)_how"],
                                about: words["helpService_\(key)_about"])
        }
        return try await page("help-now", HelpNowView(services: services), visit: visit)
    }
}
