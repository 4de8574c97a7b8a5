import Foundation
import Ledger

/// Where a network stands with one partner (issue 5 §2), from the ledger's clearing accounts of
/// every agreement the two have had: net hours, sessions each way, and the headroom left under
/// the agreement open now.
public struct PairPosition: Sendable, Hashable, Codable {
    public var networkID: NetworkID
    public var partnerNetworkID: NetworkID
    /// The pair's proposed, active or suspended agreement, if any.
    public var openAgreementID: AgreementID?
    public var openAgreementStatus: AgreementStatus?
    /// Minutes the network's members have received from the partner's, net of what they gave
    /// (posted; negative: the network has given more).
    public var netReceivedMinutes: Int64
    /// Minutes reserved by accepted, unsettled exchanges: received, and given.
    public var pendingReceivedMinutes: Int64
    public var pendingGivenMinutes: Int64
    /// Completed cross-network sessions: the network's members received, and gave.
    public var sessionsReceived: Int
    public var sessionsGiven: Int
    /// Under the open agreement: minutes the network's members may still receive, and give,
    /// before the agreed imbalance is reached (nil without an open agreement).
    public var receiveHeadroomMinutes: Int64?
    public var giveHeadroomMinutes: Int64?
}

extension AgreementService {
    public static let positionAgreementsMax = 1_000

    /// The network's position with every network it has had an agreement with: its
    /// coordinators and administrators.
    public func positions(_ actor: Actor, networkID: NetworkID) async throws -> [PairPosition] {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
        let agreements = try await agreements.agreements(networkID: networkID, afterID: nil, limit: Self.positionAgreementsMax)
        var positions: [PairPosition] = []
        for partner in Set(agreements.map { $0.other(than: networkID) }).sorted() {
            positions.append(try await position(of: networkID, with: partner))
        }
        return positions
    }

    /// The position of `networkID` with `partner` (no authorisation: callers check it).
    func position(of networkID: NetworkID, with partner: NetworkID) async throws -> PairPosition {
        var position = PairPosition(
            networkID: networkID, partnerNetworkID: partner, netReceivedMinutes: 0, pendingReceivedMinutes: 0,
            pendingGivenMinutes: 0, sessionsReceived: 0, sessionsGiven: 0)
        for agreement in try await agreements.agreements(between: networkID, and: partner) {
            guard let id = agreement.clearingAccountID(in: networkID), let account = try await context.ledger.account(id) else {
                if [.proposed, .active, .suspended].contains(agreement.status) { open(agreement, into: &position) }
                continue
            }
            position.netReceivedMinutes += account.postedBalanceMinutes
            position.pendingReceivedMinutes += account.creditsPendingMinutes
            position.pendingGivenMinutes += account.debitsPendingMinutes
            if [.proposed, .active, .suspended].contains(agreement.status) {
                open(agreement, into: &position)
                let clearing = ClearingPosition(account)
                position.receiveHeadroomMinutes = max(0, agreement.mayReceiveMinutes(networkID) - clearing.receivedMinutes)
                position.giveHeadroomMinutes = max(0, agreement.mayReceiveMinutes(partner) - clearing.givenMinutes)
            }
        }
        let sessions = try await tallies.completedCrossNetworkSessions(between: networkID, and: partner)
        position.sessionsReceived = sessions.received
        position.sessionsGiven = sessions.given
        return position
    }

    private func open(_ agreement: Agreement, into position: inout PairPosition) {
        position.openAgreementID = agreement.id
        position.openAgreementStatus = agreement.status
        position.receiveHeadroomMinutes = agreement.mayReceiveMinutes(position.networkID)
        position.giveHeadroomMinutes = agreement.mayReceiveMinutes(position.partnerNetworkID)
    }
}
