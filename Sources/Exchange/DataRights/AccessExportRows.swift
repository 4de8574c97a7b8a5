import Foundation
import Ledger

/// Each section of the export, read through its repository in pages and put in the
/// document's plain terms.
extension AccessExportService {
    static func profile(_ member: Member) -> AccessExportProfile {
        let profile = member.profile
        return AccessExportProfile(
            displayName: profile.displayName, profession: profile.profession, organisation: profile.organisation,
            careerStage: profile.careerStage.rawValue, languages: profile.languages, bio: profile.bio,
            isAdministrator: member.isAdministrator, createdAt: member.createdAt)
    }

    static func windows(_ windows: [AvailabilityWindow]) -> [AccessExportWindow] {
        windows.map { AccessExportWindow(weekday: $0.weekday, startMinute: $0.startMinute, endMinute: $0.endMinute) }
    }

    func membershipRows(_ joined: [Membership], names: inout AccessExportNames) async throws -> [AccessExportMembership] {
        var rows: [AccessExportMembership] = []
        for membership in joined {
            rows.append(AccessExportMembership(
                networkID: membership.networkID.rawValue, network: try await names.network(membership.networkID),
                role: membership.role.rawValue, status: membership.status.rawValue, invitedAt: membership.invitedAt,
                joinedAt: membership.joinedAt))
        }
        return rows
    }

    func offerRows(_ memberID: MemberID, names: inout AccessExportNames) async throws -> AccessExportSection<AccessExportOffer> {
        let read = try await AccessExportPaging.collect { (last: Offer?, limit) in
            try await self.offers.offers(supporterID: memberID, afterID: last?.id, limit: limit)
        }
        var items: [AccessExportOffer] = []
        for offer in read.items {
            let details = offer.details
            items.append(AccessExportOffer(
                offerID: offer.id.rawValue, network: try await names.network(offer.networkID), title: details.title,
                kinds: details.kinds, topics: details.topics, availability: Self.windows(details.availability),
                timeZone: details.timeZone, modes: details.modes.map(\.rawValue), area: details.area,
                languages: details.languages, capacityHoursPerMonth: details.capacityHoursPerMonth,
                visibility: details.visibility.rawValue, status: offer.status.rawValue, createdAt: offer.createdAt))
        }
        return AccessExportSection(items: items, truncated: read.truncated)
    }

    func requestRows(_ memberID: MemberID, names: inout AccessExportNames) async throws
        -> AccessExportSection<AccessExportRequest>
    {
        let read = try await AccessExportPaging.collect { (last: SupportRequest?, limit) in
            try await self.requests.requests(requesterID: memberID, afterID: last?.id, limit: limit)
        }
        try await names.load(read.items.flatMap(\.details.excludedMemberIDs))
        var items: [AccessExportRequest] = []
        for request in read.items {
            let details = request.details
            items.append(AccessExportRequest(
                requestID: request.id.rawValue, network: try await names.network(request.networkID), kind: details.kind,
                topics: details.topics, description: details.description, preferredWindows: Self.windows(details.preferredWindows),
                timeZone: details.timeZone, mode: details.mode.rawValue, language: details.language,
                durationMinutes: details.durationMinutes, urgency: details.urgency.rawValue, area: details.area,
                preferredProfession: details.preferredProfession, preferredCareerStage: details.preferredCareerStage?.rawValue,
                excludeOwnOrganisation: details.excludeOwnOrganisation,
                excludedMembers: details.excludedMemberIDs.map { names.name($0) }, status: request.status.rawValue,
                createdAt: request.createdAt))
        }
        return AccessExportSection(items: items, truncated: read.truncated)
    }

    /// The member's side of an exchange; names must be loaded for both parties.
    func exchangeRow(_ exchange: PeerExchange, of memberID: MemberID, names: inout AccessExportNames) async throws
        -> AccessExportExchange
    {
        let isRequester = exchange.requesterID == memberID
        let other = isRequester ? exchange.supporterID : exchange.requesterID
        return AccessExportExchange(
            exchangeID: exchange.id.rawValue,
            network: try await names.network(isRequester ? exchange.networkID : exchange.supporterNetworkID),
            role: isRequester ? "requester" : "supporter", otherParty: names.name(other),
            scheduledStart: exchange.scheduledStart, durationMinutes: exchange.durationMinutes, status: exchange.status.rawValue,
            settledMinutes: exchange.settledMinutes,
            yourConfirmedMinutes: isRequester ? exchange.requesterConfirmedMinutes : exchange.supporterConfirmedMinutes,
            otherConfirmedMinutes: isRequester ? exchange.supporterConfirmedMinutes : exchange.requesterConfirmedMinutes,
            disputeReason: exchange.disputeReason, disputeAnswer: exchange.disputeAnswer,
            resolutionReason: exchange.resolutionReason, cancellationReason: exchange.cancellationReason,
            createdAt: exchange.createdAt, updatedAt: exchange.updatedAt)
    }

    /// Both parties' messages of every thread the member is in, thread by thread, `rowsMax` in all.
    func messageRows(_ memberID: MemberID, _ threads: [PeerExchange], names: inout AccessExportNames) async throws
        -> AccessExportSection<AccessExportMessage>
    {
        var items: [AccessExportMessage] = []
        for exchange in threads {
            let read = try await AccessExportPaging.collect(rowsMax: AccessExportLimits.rowsMax - items.count) {
                (last: ExchangeMessage?, limit) in
                try await self.messages.messages(exchangeID: exchange.id, afterID: last?.id, limit: limit)
            }
            items += read.items.map {
                AccessExportMessage(exchangeID: exchange.id.rawValue, fromYou: $0.authorID == memberID,
                                    author: names.name($0.authorID), body: $0.body, postedAt: $0.postedAt)
            }
            if read.truncated { return AccessExportSection(items: items, truncated: true) }
        }
        return AccessExportSection(items: items, truncated: false)
    }

    func groupSessionRows(_ memberID: MemberID, names: inout AccessExportNames) async throws
        -> AccessExportSection<AccessExportGroupSession>
    {
        let rowsMax = AccessExportLimits.rowsMax
        let read = try await groupSessions.groupSessions(
            involving: memberID, startingFrom: Date(timeIntervalSince1970: 0), limit: rowsMax + 1)
        let kept = Array(read.prefix(rowsMax))
        try await names.load(kept.map(\.facilitatorID))
        var items: [AccessExportGroupSession] = []
        for session in kept {
            let leads = session.facilitatorID == memberID
            items.append(AccessExportGroupSession(
                groupSessionID: session.id.rawValue, network: try await names.network(session.networkID), title: session.title,
                role: leads ? "facilitator" : "participant", facilitator: names.name(session.facilitatorID),
                joined: leads || session.joinedParticipantIDs.contains(memberID), scheduledStart: session.scheduledStart,
                durationMinutes: session.durationMinutes, status: session.status.rawValue))
        }
        return AccessExportSection(items: items, truncated: read.count > rowsMax)
    }

    func blockRows(_ memberID: MemberID, names: inout AccessExportNames) async throws -> AccessExportSection<AccessExportBlock> {
        let blocked = try await preferences.blockedMembers(by: memberID)
        let kept = Array(blocked.prefix(AccessExportLimits.rowsMax))
        try await names.load(kept)
        return AccessExportSection(items: kept.map { AccessExportBlock(member: names.name($0)) },
                                   truncated: blocked.count > kept.count)
    }

    /// The events whose subject is the member. The actor is named by role only: coordinators
    /// and administrators act in a role, and their names are their own personal data, which the
    /// member's right of access does not need (the time, the action and the network say what
    /// was done about them); an administrator answering a request can read the trail itself.
    func auditRows(_ memberID: MemberID, names: inout AccessExportNames) async throws
        -> AccessExportSection<AccessExportAuditEvent>
    {
        let read = try await AccessExportPaging.collect { (last: AuditEvent?, limit) in
            try await self.subjectAudit.auditEvents(aboutMember: memberID, afterID: last?.id, limit: limit)
        }
        try await names.load(read.items.map(\.actorID))
        var items: [AccessExportAuditEvent] = []
        for event in read.items {
            items.append(AccessExportAuditEvent(
                at: event.at, action: event.action.rawValue, networkID: event.networkID.rawValue,
                network: try await names.network(event.networkID), actor: Self.actorRole(event, of: memberID, names: names),
                detail: event.detail))
        }
        return AccessExportSection(items: items, truncated: read.truncated)
    }

    static func actorRole(_ event: AuditEvent, of memberID: MemberID, names: AccessExportNames) -> String {
        if event.actorID == memberID { return "you" }
        return names.people[event.actorID]?.isAdministrator == true ? "an administrator" : "a coordinator"
    }
}
