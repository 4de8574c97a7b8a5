import Foundation
import Ledger

/// What a member may know of one of their network's partner networks: who the partner is and
/// what the agreement lets this network's members reach. Nothing about clearing positions, who
/// proposed or decided, or proposals not yet accepted (coordinators' business).
public struct PartnerNetwork: Sendable, Hashable {
    public var agreementID: AgreementID
    public var networkID: NetworkID
    public var name: String
    /// The support kinds members may give and receive across the two networks.
    public var kinds: [String]
    /// Sessions a calendar month this network's members may receive from the partner's; nil: no limit.
    public var monthlySessionQuota: Int?
    /// `active` or `suspended` (paused by either side).
    public var status: AgreementStatus
    /// First and last day (UTC) the agreement covers.
    public var startsOn: Date
    public var endsOn: Date
    /// Active and within its days now: members can reach the partner's offers.
    public var isInForce: Bool

    public init(agreementID: AgreementID, networkID: NetworkID, name: String, kinds: [String], monthlySessionQuota: Int?,
                status: AgreementStatus, startsOn: Date, endsOn: Date, isInForce: Bool) {
        self.agreementID = agreementID
        self.networkID = networkID
        self.name = name
        self.kinds = kinds
        self.monthlySessionQuota = monthlySessionQuota
        self.status = status
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.isInForce = isInForce
    }
}

extension AgreementService {
    /// The network's partners under its active and suspended agreements, as its members see
    /// them (`PartnerNetwork`), in agreement order: its active members and administrators (a
    /// non-member gets 404, a suspended or departed member 403, as for the network's offers).
    public func partnerNetworks(_ actor: Actor, networkID: NetworkID) async throws -> [PartnerNetwork] {
        if !actor.isAdministrator {
            _ = try await context.access.requireActiveMember(actor, in: networkID)
        } else if try await networks.network(networkID) == nil {
            throw ExchangeError.notFound("network \(networkID)")
        }
        let now = context.now()
        var partners: [PartnerNetwork] = []
        for agreement in try await agreements.openAgreements(networkID: networkID).sorted(by: { $0.id < $1.id })
        where agreement.status == .active || agreement.status == .suspended {
            let other = agreement.other(than: networkID)
            guard let network = try await networks.network(other) else { continue }
            partners.append(PartnerNetwork(
                agreementID: agreement.id, networkID: other, name: network.name, kinds: agreement.terms.kinds,
                monthlySessionQuota: agreement.monthlySessionQuota(receiving: networkID), status: agreement.status,
                startsOn: agreement.terms.startsOn, endsOn: agreement.terms.endsOn, isInForce: agreement.isInForce(at: now)))
        }
        return partners
    }
}
