import Exchange
import Foundation
import Ledger

/// Where a coordinator's pages for a network live. The API owns `/networks…`, so these sit under
/// `/coordinate/networks/{networkID}`: every path of this area is spelled here, and links to it
/// are built here.
enum CoordinatorPaths {
    static let root = "/coordinate/networks"

    /// The network's home for its coordinators: figures of the month and what needs them now.
    static func home(_ networkID: NetworkID) -> String { "\(root)/\(networkID.rawValue)" }
    static func invitations(_ networkID: NetworkID) -> String { "\(home(networkID))/invitations" }
    static func resendInvitation(_ networkID: NetworkID, _ invitationID: Int64) -> String {
        "\(invitations(networkID))/\(invitationID)/resend"
    }
    static func revokeInvitation(_ networkID: NetworkID, _ invitationID: Int64) -> String {
        "\(invitations(networkID))/\(invitationID)/revoke"
    }
    static func followUps(_ networkID: NetworkID) -> String { "\(home(networkID))/follow-ups" }
    /// Approves a member waiting for approval (POST), from the home page's list.
    static func approveMember(_ networkID: NetworkID, _ memberID: MemberID) -> String {
        "\(home(networkID))/waiting/\(memberID.rawValue)/approve"
    }

}
