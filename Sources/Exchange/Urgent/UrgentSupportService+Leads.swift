import Foundation
import Ledger
import Logging

/// Who a network's wellbeing leads are, and how long a request may wait before it is escalated.
extension UrgentSupportService {
    /// Any active member of the network: the leads whose membership is active, in order of appointment.
    public func leads(_ actor: Actor, networkID: NetworkID) async throws -> [WellbeingLead] {
        _ = try await context.access.requireActiveMember(actor, in: networkID)
        return try await activeLeads(networkID)
    }

    /// A coordinator names an active member of the network a lead; naming one again changes
    /// nothing. Answers the leads afterwards.
    @discardableResult
    public func appointLead(_ actor: Actor, networkID: NetworkID, memberID: MemberID) async throws -> [WellbeingLead] {
        _ = try await context.access.requireCoordinator(actor, of: networkID)
        _ = try await context.access.requireActive(memberID, in: networkID, role: "memberID")
        let current = try await urgent.wellbeingLeads(networkID: networkID)
        if current.contains(where: { $0.memberID == memberID }) { return try await activeLeads(networkID) }
        guard current.count < UrgentLimits.leadsPerNetworkMax else {
            throw ExchangeError.invalidState("a network has at most \(UrgentLimits.leadsPerNetworkMax) wellbeing leads")
        }
        let event = context.auditEvent(actor, .urgentLeadAppointed, network: networkID, member: memberID)
        if try await urgent.insertWellbeingLead(networkID: networkID, memberID: memberID, appointedBy: actor.memberID,
                                                at: context.now(), audit: [event]) {
            context.logger.info("wellbeing lead appointed", metadata: ["network": "\(networkID)", "member": "\(memberID)"])
        }
        return try await activeLeads(networkID)
    }

    /// A coordinator removes a lead; removing someone who is not one changes nothing. Requests
    /// they took stay theirs to close; any other lead may too.
    @discardableResult
    public func removeLead(_ actor: Actor, networkID: NetworkID, memberID: MemberID) async throws -> [WellbeingLead] {
        _ = try await context.access.requireCoordinator(actor, of: networkID)
        let event = context.auditEvent(actor, .urgentLeadRemoved, network: networkID, member: memberID)
        if try await urgent.deleteWellbeingLead(networkID: networkID, memberID: memberID, audit: [event]) {
            context.logger.info("wellbeing lead removed", metadata: ["network": "\(networkID)", "member": "\(memberID)"])
        }
        return try await activeLeads(networkID)
    }

    /// Coordinators and leads of the network read them (the defaults until a coordinator sets them).
    public func settings(_ actor: Actor, networkID: NetworkID) async throws -> UrgentSettings {
        let membership = try await context.access.membership(actor, in: networkID)
        let isLead = try await isLead(actor.memberID, of: networkID)
        guard membership.isActiveCoordinator || isLead else {
            throw ExchangeError.forbidden("only the network's coordinators and wellbeing leads may see this")
        }
        return try await urgent.urgentSettings(networkID: networkID) ?? UrgentSettings()
    }

    /// Coordinators set them; audited with the new figure (not personal).
    @discardableResult
    public func updateSettings(_ actor: Actor, networkID: NetworkID, _ settings: UrgentSettings) async throws -> UrgentSettings {
        _ = try await context.access.requireCoordinator(actor, of: networkID)
        guard UrgentSettings.escalationWorkingMinutesRange.contains(settings.escalationWorkingMinutes) else {
            let range = UrgentSettings.escalationWorkingMinutesRange
            throw ExchangeError.invalid("escalationWorkingMinutes", "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        let event = context.auditEvent(actor, .urgentSettingsUpdated, network: networkID,
                                       detail: "escalationWorkingMinutes=\(settings.escalationWorkingMinutes)")
        try await urgent.upsertUrgentSettings(networkID: networkID, settings, audit: [event])
        return settings
    }

    private func activeLeads(_ networkID: NetworkID) async throws -> [WellbeingLead] {
        let active = Set(try await activeLeadIDs(networkID))
        return try await urgent.wellbeingLeads(networkID: networkID).filter { active.contains($0.memberID) }
    }
}
