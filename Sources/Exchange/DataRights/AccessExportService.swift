import Foundation
import Ledger
import Outbox

/// A member's access to everything the exchange domain holds about them (UK GDPR subject
/// access): the member themself, or an administrator answering a subject-access request. An
/// administrator's export of another member is recorded in the audit trail
/// (`member.data_exported`) once per network the member belongs to — the trail is kept per
/// network, and each network's coordinators answer for their members' data; a member who
/// belongs to no network has no trail to record it in, and the export is logged (ids only).
public final class AccessExportService: Sendable {
    let context: ServiceContext
    let accounts: AccountService
    let members: any MemberRepository
    let memberships: any MembershipRepository
    let networks: any NetworkRepository
    let offers: any OfferRepository
    let requests: any RequestRepository
    let exchanges: any ExchangeRepository
    let messages: any ExchangeMessageRepository
    let groupSessions: any GroupSessionRepository
    let preferences: any MatchingPreferenceRepository
    let settings: any MemberSettingsRepository
    let noticePreferences: any NoticePreferenceRepository
    let calendarFeeds: any CalendarFeedRepository
    let subjectAudit: any SubjectAuditRepository
    let urgent: any UrgentRequestRepository

    init(context: ServiceContext, accounts: AccountService, repositories r: ExchangeRepositories) {
        self.context = context
        self.accounts = accounts
        members = r.members
        memberships = r.memberships
        networks = r.networks
        offers = r.offers
        requests = r.requests
        exchanges = r.exchanges
        messages = r.messages
        groupSessions = r.groupSessions
        preferences = r.preferences
        settings = r.memberSettings
        noticePreferences = r.noticePreferences
        calendarFeeds = r.calendarFeeds
        subjectAudit = r.subjectAudit
        urgent = r.urgent
    }

    /// Everything about `memberID`. Another member than the actor: administrators only
    /// (`forbidden`); an unknown member `notFound`.
    public func export(_ actor: Actor, memberID: MemberID) async throws -> AccessExport {
        if actor.memberID != memberID { try context.access.requireAdministrator(actor) }
        guard let member = try await members.member(memberID) else { throw ExchangeError.notFound("member \(memberID)") }
        let joined = try await memberships.memberships(of: memberID).sorted { $0.networkID < $1.networkID }
        if actor.memberID != memberID { try await recordExport(actor, of: memberID, in: joined) }
        var names = AccessExportNames(members: members, networks: networks)
        let exchangeRows = try await AccessExportPaging.collect { (last: PeerExchange?, limit) in
            try await self.exchanges.exchanges(involving: memberID, afterID: last?.id, limit: limit)
        }
        let people = exchangeRows.items.flatMap { [$0.requesterID, $0.supporterID] }
        try await names.load(people + [memberID])
        let membershipItems = try await membershipRows(joined, names: &names)
        let offerItems = try await offerRows(memberID, names: &names)
        let requestItems = try await requestRows(memberID, names: &names)
        var exchangeItems: [AccessExportExchange] = []
        for exchange in exchangeRows.items {
            exchangeItems.append(try await exchangeRow(exchange, of: memberID, names: &names))
        }
        let messageItems = try await messageRows(memberID, exchangeRows.items, names: &names)
        let statementItems = try await statements(memberID, joined, names: &names)
        let groupItems = try await groupSessionRows(memberID, names: &names)
        let blockItems = try await blockRows(memberID, names: &names)
        let auditItems = try await auditRows(memberID, names: &names)
        let urgentItems = try await urgentRequests(memberID, names: &names)
        let export = AccessExport(
            memberID: memberID.rawValue, generatedAt: context.now(), profile: Self.profile(member),
            settings: try await memberSettings(memberID),
            memberships: AccessExportSection(items: membershipItems, truncated: false),
            offers: offerItems, requests: requestItems,
            exchanges: AccessExportSection(items: exchangeItems, truncated: exchangeRows.truncated),
            messages: messageItems, statements: statementItems, groupSessions: groupItems, blocks: blockItems,
            notificationSettings: try await notificationRows(memberID),
            calendarFeed: AccessExportCalendarFeed(createdAt: try await calendarFeeds.calendarFeedCreatedAt(memberID: memberID)),
            auditEvents: auditItems, urgentRequests: urgentItems)
        return export
    }

    private func recordExport(_ actor: Actor, of memberID: MemberID, in joined: [Membership]) async throws {
        guard !joined.isEmpty else {
            context.logger.notice("data export of a member of no network", metadata: [
                "actor": "\(actor.memberID)", "member": "\(memberID)"])
            return
        }
        for membership in joined {
            try await context.audit(actor, .memberDataExported, network: membership.networkID, member: memberID)
        }
    }

    /// The urgent-support requests the member raised, with their notes and contacts (newest
    /// first), at most `AccessExportLimits.rowsMax`; `truncated` when there were more.
    func urgentRequests(_ memberID: MemberID, names: inout AccessExportNames) async throws
        -> AccessExportSection<AccessExportUrgentRequest>
    {
        let limit = AccessExportLimits.rowsMax
        let raised = try await urgent.urgentRequests(raisedBy: memberID, limit: limit + 1)
        var items: [AccessExportUrgentRequest] = []
        for request in raised.prefix(limit) {
            items.append(AccessExportUrgentRequest(
                urgentRequestID: request.id.rawValue, network: try await names.network(request.networkID),
                status: request.status.rawValue, note: request.note, contact: request.contact,
                raisedAt: request.raisedAt, acknowledgedAt: request.acknowledgedAt,
                conversationAt: request.conversationAt, escalatedAt: request.escalatedAt,
                closedAt: request.closedAt, heldMinutes: request.heldMinutes))
        }
        return AccessExportSection(items: items, truncated: raised.count > limit)
    }

    private func memberSettings(_ memberID: MemberID) async throws -> AccessExportSettings {
        let stored = try await settings.memberSettings(memberID) ?? .standard
        return AccessExportSettings(language: stored.language, timeZone: stored.timeZone)
    }

    private func notificationRows(_ memberID: MemberID) async throws -> [AccessExportNotificationSetting] {
        let chosen = try await noticePreferences.noticePreferences(memberID: memberID)
        return NoticeCategory.allCases.map {
            AccessExportNotificationSetting(category: $0.rawValue, frequency: (chosen[$0] ?? $0.defaultFrequency).rawValue)
        }
    }
}

extension AccessExportCalendarFeed {
    init(createdAt: Date?) {
        self.init(exists: createdAt != nil, createdAt: createdAt)
    }
}
