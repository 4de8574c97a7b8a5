import Exchange
import Foundation
import Ledger

/// Where the coordinators' pages live: under `/coordinate/networks/{id}`, a noun the API does
/// not use (it owns `/networks…`). Every path of this area is spelled here — route templates
/// for `WebApp.routes` and the links the pages build.
enum CoordinatorPaths {
    static let networks = "/coordinate/networks"
    /// Route templates (`{id}`, `{file}`), as `WebApp.routes` lists them.
    static let reportRoute = networks + "/{id}/report"
    static let reportFileRoute = networks + "/{id}/report/{file}"

    /// A network's report; `from` and `to` are months `YYYY-MM` (nil: the default period).
    static func report(_ networkID: NetworkID, from: String? = nil, to: String? = nil) -> String {
        networks + "/\(networkID.rawValue)/report" + query(from: from, to: to)
    }

    /// One table of a network's report as CSV (`<table>.csv`), for the same months.
    static func reportFile(_ networkID: NetworkID, _ table: ReportTableName, from: String?, to: String?) -> String {
        networks + "/\(networkID.rawValue)/report/" + table.fileName + query(from: from, to: to)
    }

    /// Hummingbird's form of a route template: `{name}` becomes `:name`.
    static func routerPath(_ template: String) -> String {
        template.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
    }

    private static func query(from: String?, to: String?) -> String {
        let pairs = [("from", from), ("to", to)].compactMap { name, value in value.map { "\(name)=\(ListingPaths.escape($0))" } }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }
}
