import Exchange
import Foundation
import Ledger

/// Conversions between the generated wire types and the Exchange domain for offers, requests,
/// exchanges and group sessions. Named `ExchangeWire` so it cannot clash with the member and
/// network mappings that live beside it.
enum ExchangeWire {
    // MARK: Pages

    /// The domain's page request from the opaque cursor and limit of the query (the domain
    /// validates both: a foreign cursor or a size outside 1…100 is a 400 naming the field).
    static func pageRequest(cursor: String?, limit: Int32?) -> PageRequest {
        PageRequest(cursor: cursor, size: limit.map(Int.init) ?? PageRequest.sizeDefault)
    }

    /// The search filters offers and requests share, from their query parameters.
    static func searchFilters(
        kind: String?, topic: String?, language: String?, mode: Components.Schemas.Mode?, networkID: Int64?, text: String?
    ) -> SearchFilters {
        SearchFilters(
            kind: kind, topic: topic, language: language, mode: mode.map(ExchangeWire.mode),
            networkID: networkID.map { NetworkID($0) }, text: text)
    }

    // MARK: Shared pieces

    static func window(_ window: Components.Schemas.WeeklyWindow) -> AvailabilityWindow {
        AvailabilityWindow(weekday: Int(window.weekday), startMinute: Int(window.startMinute), endMinute: Int(window.endMinute))
    }

    static func window(_ window: AvailabilityWindow) -> Components.Schemas.WeeklyWindow {
        .init(weekday: Int32(clamping: window.weekday), startMinute: Int32(clamping: window.startMinute),
              endMinute: Int32(clamping: window.endMinute))
    }

    static func mode(_ mode: Components.Schemas.Mode) -> SessionMode {
        switch mode {
        case .video: .video
        case .phone: .phone
        case .inPerson: .inPerson
        }
    }

    static func mode(_ mode: SessionMode) -> Components.Schemas.Mode {
        switch mode {
        case .video: .video
        case .phone: .phone
        case .inPerson: .inPerson
        }
    }

    static func minutes(_ value: Int64) -> Int32 { Int32(clamping: value) }

    // MARK: Offers

    static func offerDetails(_ body: Components.Schemas.OfferUpdate) -> OfferDetails {
        OfferDetails(
            title: body.title, kinds: body.kinds, topics: body.topics, availability: body.availability.map(window),
            timeZone: body.timeZone, modes: body.modes.map(mode), area: body.area, languages: body.languages,
            capacityHoursPerMonth: Int(body.capacityHoursPerMonth),
            visibility: body.visibility == .partners ? .partners : .network)
    }

    static func offer(_ offer: Offer) -> Components.Schemas.Offer {
        let details = offer.details
        let update = Components.Schemas.OfferUpdate(
            title: details.title, kinds: details.kinds, topics: details.topics, availability: details.availability.map(window),
            timeZone: details.timeZone, modes: details.modes.map(mode), area: details.area, languages: details.languages,
            capacityHoursPerMonth: Int32(clamping: details.capacityHoursPerMonth),
            visibility: details.visibility == .partners ? .partners : .network)
        return .init(
            value1: .init(value1: update, value2: .init(networkID: offer.networkID.rawValue)),
            value2: .init(offerID: offer.id.rawValue, supporterID: offer.supporterID.rawValue,
                          status: offer.status == .active ? .active : .paused))
    }

    // MARK: Requests

    /// The request's details; a time zone is needed only to read `preferredWindows`, so without
    /// windows it defaults to Europe/London.
    static func requestDetails(_ body: Components.Schemas.RequestInput) throws -> RequestDetails {
        let windows = (body.preferredWindows ?? []).map(window)
        if !windows.isEmpty, body.timeZone == nil {
            throw Problem.invalidRequest(
                "timeZone: is required with preferredWindows",
                fieldErrors: [.init(pointer: "/timeZone", detail: "is required with preferredWindows")])
        }
        let urgency: Urgency = switch body.urgency {
        case .low: .low
        case .high: .high
        case .normal, nil: .normal
        }
        return RequestDetails(
            kind: body.kind, topics: body.topics ?? [], preferredWindows: windows,
            timeZone: body.timeZone ?? "Europe/London", mode: mode(body.mode), language: body.language,
            durationMinutes: Int64(body.durationMinutes ?? 60), excludeOwnOrganisation: body.excludeOwnOrganisation ?? false,
            excludedMemberIDs: (body.excludedMemberIDs ?? []).map { MemberID($0) }, urgency: urgency,
            description: body.description, area: body.area, preferredProfession: body.preferredProfession,
            preferredCareerStage: body.preferredCareerStage.flatMap { CareerStage(rawValue: $0.rawValue) })
    }

    /// The request as `viewer` may see it: the description exactly as the domain returned it
    /// (nil unless the domain allowed it), the excluded members only for the requester.
    static func request(_ request: SupportRequest, viewer: MemberID) -> Components.Schemas.SupportRequest {
        let details = request.details
        let urgency: Components.Schemas.SupportRequest.UrgencyPayload = switch details.urgency {
        case .low: .low
        case .normal: .normal
        case .high: .high
        }
        let status: Components.Schemas.SupportRequest.StatusPayload = switch request.status {
        case .open: .open
        case .matched: .matched
        case .closed: .closed
        case .withdrawn: .withdrawn
        }
        return .init(
            requestID: request.id.rawValue, requesterID: request.requesterID.rawValue, networkID: request.networkID.rawValue,
            kind: details.kind, topics: details.topics, preferredWindows: details.preferredWindows.map(window),
            timeZone: details.timeZone, mode: mode(details.mode), area: details.area, language: details.language,
            durationMinutes: minutes(details.durationMinutes), excludeOwnOrganisation: details.excludeOwnOrganisation,
            excludedMemberIDs: request.requesterID == viewer ? details.excludedMemberIDs.map(\.rawValue) : nil,
            urgency: urgency, description: details.description,
            preferredProfession: details.preferredProfession,
            preferredCareerStage: details.preferredCareerStage.flatMap { Components.Schemas.CareerStage(rawValue: $0.rawValue) },
            status: status)
    }

    // MARK: Exchanges

    static func proposal(_ body: Components.Schemas.ExchangeProposal) -> ExchangeProposal {
        ExchangeProposal(
            offerID: OfferID(body.offerID), requestID: body.requestID.map { RequestID($0) },
            requesterID: body.requesterID.map { MemberID($0) }, scheduledStart: body.scheduledStart,
            durationMinutes: Int64(body.durationMinutes))
    }

    static func role(_ role: Operations.ListMyExchanges.Input.Query.RolePayload) -> ExchangeRole {
        switch role {
        case .requester: .requester
        case .supporter: .supporter
        }
    }

    static func status(_ status: ExchangeStatus) -> Components.Schemas.ExchangeStatus {
        switch status {
        case .proposed: .proposed
        case .accepted: .accepted
        case .completed: .completed
        case .cancelled: .cancelled
        case .declined: .declined
        case .disputed: .disputed
        case .expired: .expired
        }
    }

    static func status(_ status: Components.Schemas.ExchangeStatus) -> ExchangeStatus {
        switch status {
        case .proposed: .proposed
        case .accepted: .accepted
        case .completed: .completed
        case .cancelled: .cancelled
        case .declined: .declined
        case .disputed: .disputed
        case .expired: .expired
        }
    }

    static func exchange(_ exchange: PeerExchange) -> Components.Schemas.Exchange {
        .init(
            exchangeID: exchange.id.rawValue, networkID: exchange.networkID.rawValue, offerID: exchange.offerID.rawValue,
            requestID: exchange.requestID?.rawValue, requesterID: exchange.requesterID.rawValue,
            supporterID: exchange.supporterID.rawValue, scheduledStart: exchange.scheduledStart,
            durationMinutes: minutes(exchange.durationMinutes), status: status(exchange.status),
            requesterConfirmedMinutes: exchange.requesterConfirmedMinutes.map(minutes),
            supporterConfirmedMinutes: exchange.supporterConfirmedMinutes.map(minutes),
            requesterConfirmedAt: exchange.requesterConfirmedAt, supporterConfirmedAt: exchange.supporterConfirmedAt,
            settledMinutes: exchange.settledMinutes.map(minutes), proposedBy: exchange.proposedByID.rawValue,
            disputeReason: exchange.disputeReason, disputeAnswer: exchange.disputeAnswer,
            disputeAnsweredAt: exchange.disputeAnsweredAt, disputedAt: exchange.disputedAt,
            resolutionReason: exchange.resolutionReason,
            cancellationReason: exchange.cancellationReason,
            supporterNetworkID: exchange.isCrossNetwork ? exchange.supporterNetworkID.rawValue : nil,
            agreementID: exchange.agreementID?.rawValue)
    }

    static func resolution(_ body: Components.Schemas.DisputeResolution) throws -> DisputeResolution {
        switch body.outcome {
        case .void:
            return .void
        case .post:
            guard let minutes = body.minutes else {
                throw Problem.invalidRequest(
                    "minutes: is required to post", fieldErrors: [.init(pointer: "/minutes", detail: "is required to post")])
            }
            return .post(minutes: Int64(minutes))
        }
    }

    // MARK: Group sessions

    static func groupSessionDraft(_ body: Components.Schemas.GroupSessionInput) -> GroupSessionDraft {
        GroupSessionDraft(
            networkID: NetworkID(body.networkID), facilitatorID: MemberID(body.facilitatorID), title: body.title,
            scheduledStart: body.scheduledStart, durationMinutes: Int64(body.durationMinutes),
            participantIDs: body.participantIDs.map { MemberID($0) })
    }

    /// The API has no `cancelled` session status (nor an operation that cancels one): a session
    /// cancelled elsewhere answers 409 rather than pretend to be scheduled.
    static func groupSession(_ session: GroupSession) -> Components.Schemas.GroupSession {
        let status: Components.Schemas.GroupSession.StatusPayload
        switch session.status {
        case .scheduled: status = .scheduled
        case .completed: status = .completed
        case .cancelled: status = .cancelled
        }
        return .init(
            groupSessionID: session.id.rawValue, networkID: session.networkID.rawValue,
            facilitatorID: session.facilitatorID.rawValue, title: session.title, scheduledStart: session.scheduledStart,
            durationMinutes: minutes(session.durationMinutes), participantIDs: session.participantIDs.map(\.rawValue),
            joinedParticipantIDs: session.joinedParticipantIDs.map(\.rawValue), status: status, completedAt: session.completedAt)
    }
}
