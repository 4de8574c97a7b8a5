import Exchange
import Foundation
import Ledger

/// Where a coordinator's pages for a network live: under `/coordinate/networks/{id}`, since the
/// API owns `/networks…`. Every path of this area is spelled here — route templates for
/// `WebApp.routes` and the links the pages build.
enum CoordinatorPaths {
    static let networks = "/coordinate/networks"
    /// Route templates (`{id}`, `{file}`), as `WebApp.routes` lists them.
    static let reportRoute = networks + "/{id}/report"
    static let reportFileRoute = networks + "/{id}/report/{file}"
    static let auditRoute = networks + "/{id}/audit"
    static let settingsRoute = networks + "/{id}/settings"

    /// The network's home for its coordinators: figures of the month and what needs them now.
    static func home(_ networkID: NetworkID) -> String { "\(networks)/\(networkID.rawValue)" }
    static func invitations(_ networkID: NetworkID) -> String { "\(home(networkID))/invitations" }
    static func resendInvitation(_ networkID: NetworkID, _ invitationID: Int64) -> String {
        "\(invitations(networkID))/\(invitationID)/resend"
    }
    static func revokeInvitation(_ networkID: NetworkID, _ invitationID: Int64) -> String {
        "\(invitations(networkID))/\(invitationID)/revoke"
    }
    static func followUps(_ networkID: NetworkID) -> String { "\(home(networkID))/follow-ups" }
    /// The network's audit trail, in words.
    static func audit(_ networkID: NetworkID) -> String { "\(home(networkID))/audit" }
    /// The network's policy, its coordinators and kinds of support; the policy's form posts here.
    static func settings(_ networkID: NetworkID) -> String { "\(home(networkID))/settings" }
    /// The network's signposting list and privacy notice; their form posts here.
    static func care(_ networkID: NetworkID) -> String { "\(home(networkID))/care" }
    /// Approves a member waiting for approval (POST), from the home page's list.
    static func approveMember(_ networkID: NetworkID, _ memberID: MemberID) -> String {
        "\(home(networkID))/waiting/\(memberID.rawValue)/approve"
    }

    /// The network's members list and one member's page.
    static func members(_ networkID: NetworkID) -> String { "\(home(networkID))/members" }
    static func member(_ networkID: NetworkID, _ memberID: MemberID) -> String { "\(members(networkID))/\(memberID.rawValue)" }
    /// Approves, suspends or reinstates a member (POST), from their page.
    static func memberAction(_ networkID: NetworkID, _ memberID: MemberID, _ action: MemberAction) -> String {
        "\(member(networkID, memberID))/\(action.rawValue)"
    }

    /// A network's report; `from` and `to` are months `YYYY-MM` (nil: the default period).
    static func report(_ networkID: NetworkID, from: String? = nil, to: String? = nil) -> String {
        home(networkID) + "/report" + query(from: from, to: to)
    }

    /// One table of a network's report as CSV (`<table>.csv`), for the same months.
    static func reportFile(_ networkID: NetworkID, _ table: ReportTableName, from: String?, to: String?) -> String {
        home(networkID) + "/report/" + table.fileName + query(from: from, to: to)
    }

    // MARK: Matching runs and proposing a match (issue 19, items 4 and 5)

    /// Route templates of the matching pages, as `WebApp.matchingRoutes` lists them.
    static let matchingRoute = networks + "/{id}/matching"
    static let matchingRunRoute = matchingRoute + "/runs/{run}"
    static let matchingSendRoute = matchingRunRoute + "/send"
    static let matchingDropRoute = matchingRunRoute + "/proposals/{proposal}/drop"
    static let proposeMatchRoute = matchingRoute + "/requests/{request}"

    /// The network's matching runs; its "Start a matching run" form posts here.
    static func matching(_ networkID: NetworkID) -> String { "\(home(networkID))/matching" }
    /// A run's review page.
    static func matchingRun(_ networkID: NetworkID, _ runID: MatchingRunID) -> String {
        "\(matching(networkID))/runs/\(runID.rawValue)"
    }
    /// Sends a run's proposals (POST).
    static func sendMatchingRun(_ networkID: NetworkID, _ runID: MatchingRunID) -> String { matchingRun(networkID, runID) + "/send" }
    /// Drops one drafted proposal of a run (POST).
    static func dropProposal(_ networkID: NetworkID, _ runID: MatchingRunID, _ proposalID: MatchingProposalID) -> String {
        matchingRun(networkID, runID) + "/proposals/\(proposalID.rawValue)/drop"
    }
    /// A waiting request's suggestions, to propose one of them; the form posts here.
    static func proposeMatch(_ networkID: NetworkID, _ requestID: RequestID) -> String {
        "\(matching(networkID))/requests/\(requestID.rawValue)"
    }

    // MARK: Disputes and corrections

    /// The network's open disputes, one dispute (both sides, the resolve form), and its resolution (POST).
    static func disputes(_ networkID: NetworkID) -> String { "\(home(networkID))/disputes" }
    static func dispute(_ networkID: NetworkID, _ exchangeID: ExchangeID) -> String {
        "\(disputes(networkID))/\(exchangeID.rawValue)"
    }
    static func resolveDispute(_ networkID: NetworkID, _ exchangeID: ExchangeID) -> String {
        "\(dispute(networkID, exchangeID))/resolve"
    }
    /// The network's corrections, and the form that corrects one movement (`transfer`) from a
    /// member's statement (`member`, where it goes back to).
    static func corrections(_ networkID: NetworkID) -> String { "\(home(networkID))/corrections" }
    static func newCorrectionRoute(_ networkID: NetworkID) -> String { "\(corrections(networkID))/new" }
    static func newCorrection(_ networkID: NetworkID, transfer: TransferID, member: MemberID) -> String {
        "\(newCorrectionRoute(networkID))?transfer=\(transfer.rawValue)&member=\(member.rawValue)"
    }

    // MARK: Agreements with other networks, positions, the directory (issue 19 item 10)

    /// Route templates of the agreements area, as `WebApp.agreementRoutes` lists them.
    static let agreementsRoute = networks + "/{id}/agreements"
    static let newAgreementRoute = networks + "/{id}/agreements/new"
    static let agreementRoute = networks + "/{id}/agreements/{agreement}"
    static let positionsRoute = networks + "/{id}/positions"
    static let directoryRoute = networks + "/{id}/directory"

    /// The network's agreements with other networks, and the form that proposes one (`partner`:
    /// the network chosen from the directory).
    static func agreements(_ networkID: NetworkID) -> String { "\(home(networkID))/agreements" }
    static func newAgreement(_ networkID: NetworkID, partner: NetworkID? = nil) -> String {
        "\(agreements(networkID))/new" + (partner.map { "?partner=\($0.rawValue)" } ?? "")
    }
    static func agreement(_ networkID: NetworkID, _ agreementID: AgreementID) -> String {
        "\(agreements(networkID))/\(agreementID.rawValue)"
    }
    /// Accepts, declines, suspends, resumes or ends an agreement (POST), as a coordinator of `networkID`.
    static func agreementAction(_ networkID: NetworkID, _ agreementID: AgreementID, _ command: AgreementCommand) -> String {
        "\(agreement(networkID, agreementID))/\(command.rawValue)"
    }
    /// Where the network stands with each partner: hours each way, as a table and a chart.
    static func positions(_ networkID: NetworkID) -> String { "\(home(networkID))/positions" }
    /// Every network of the service, to find a partner.
    static func directory(_ networkID: NetworkID) -> String { "\(home(networkID))/directory" }

    /// Hummingbird's form of a route template: `{name}` becomes `:name`.
    static func routerPath(_ template: String) -> String {
        template.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
    }

    private static func query(from: String?, to: String?) -> String {
        let pairs = [("from", from), ("to", to)].compactMap { name, value in value.map { "\(name)=\(ListingPaths.escape($0))" } }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }
}
