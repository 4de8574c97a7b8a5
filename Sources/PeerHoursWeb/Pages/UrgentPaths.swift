import Exchange
import Foundation
import Ledger

/// Where the urgent route's pages live: the member's `/urgent`, the wellbeing leads' `/wellbeing`
/// (the API owns `/networks` and the requests' own paths), the coordinators' page under
/// `/coordinate`. Route templates for `WebApp.urgentRoutes` and the links the pages build.
enum UrgentPaths {
    static let ask = "/urgent"
    static let sent = "/urgent/sent"
    static let withdrawRoute = "/urgent/{rid}/withdraw"
    static let queueRoute = "/wellbeing/networks/{id}"
    static let requestRoute = "/wellbeing/urgent/{rid}"
    static let wellbeingRoute = CoordinatorPaths.networks + "/{id}/wellbeing"
    static let appointRoute = wellbeingRoute + "/leads"
    static let removeRoute = wellbeingRoute + "/leads/{member}/remove"
    static let settingsRoute = wellbeingRoute + "/settings"

    static func withdraw(_ id: UrgentRequestID) -> String { "/urgent/\(id.rawValue)/withdraw" }
    /// A network's queue for its leads; with `closed`, the recently ended requests too.
    static func queue(_ networkID: NetworkID, closed: Bool = false) -> String {
        "/wellbeing/networks/\(networkID.rawValue)" + (closed ? "?closed=1" : "")
    }
    /// One request for a lead, and its steps (POST).
    static func request(_ id: UrgentRequestID) -> String { UrgentNotices.leadPath(id) }
    static func step(_ id: UrgentRequestID, _ step: UrgentStep) -> String { request(id) + "/" + step.rawValue }
    /// The coordinators' page: the leads, appointing and removing them, the escalation time.
    static func wellbeing(_ networkID: NetworkID) -> String { UrgentNotices.coordinatorPath(networkID) }
    static func appoint(_ networkID: NetworkID) -> String { wellbeing(networkID) + "/leads" }
    static func remove(_ networkID: NetworkID, _ memberID: MemberID) -> String {
        wellbeing(networkID) + "/leads/\(memberID.rawValue)/remove"
    }
    static func settings(_ networkID: NetworkID) -> String { wellbeing(networkID) + "/settings" }
}

/// What a lead does to a request, each a form on its page posting to `<request>/<step>`.
enum UrgentStep: String, CaseIterable, Sendable {
    case acknowledge, arrange, close
}
