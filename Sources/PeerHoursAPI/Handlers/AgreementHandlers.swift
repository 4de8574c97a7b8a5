import Exchange
import Foundation
import Ledger

/// Agreements between networks over `Exchange.AgreementService`. Limits travel in whole hours
/// (the domain keeps minutes); days as `YYYY-MM-DD` in UTC.
extension APIHandlers {
    func listAgreements(_ input: Operations.ListAgreements.Input) async throws -> Operations.ListAgreements.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.agreements.agreements(
            actor, networkID: NetworkID(input.path.networkID), page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(AgreementMapping.agreement), nextCursor: page.nextCursor))))
    }

    func proposeAgreement(_ input: Operations.ProposeAgreement.Input) async throws -> Operations.ProposeAgreement.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let agreement = try await exchange.agreements.propose(
            actor, from: NetworkID(input.path.networkID), to: NetworkID(body.partnerNetworkID), try AgreementMapping.terms(body))
        return .created(.init(body: .json(AgreementMapping.agreement(agreement))))
    }

    func listPartnerPositions(_ input: Operations.ListPartnerPositions.Input) async throws -> Operations.ListPartnerPositions.Output {
        let actor = try RequestScope.required.requireActor()
        let positions = try await exchange.agreements.positions(actor, networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(.init(items: positions.map(AgreementMapping.position)))))
    }

    func getAgreement(_ input: Operations.GetAgreement.Input) async throws -> Operations.GetAgreement.Output {
        let actor = try RequestScope.required.requireActor()
        return .ok(.init(body: .json(AgreementMapping.agreement(
            try await exchange.agreements.agreement(actor, AgreementID(input.path.agreementID))))))
    }

    func acceptAgreement(_ input: Operations.AcceptAgreement.Input) async throws -> Operations.AcceptAgreement.Output {
        let actor = try RequestScope.required.requireActor()
        return .ok(.init(body: .json(AgreementMapping.agreement(
            try await exchange.agreements.accept(actor, AgreementID(input.path.agreementID))))))
    }

    func declineAgreement(_ input: Operations.DeclineAgreement.Input) async throws -> Operations.DeclineAgreement.Output {
        let actor = try RequestScope.required.requireActor()
        return .ok(.init(body: .json(AgreementMapping.agreement(
            try await exchange.agreements.decline(actor, AgreementID(input.path.agreementID))))))
    }

    func suspendAgreement(_ input: Operations.SuspendAgreement.Input) async throws -> Operations.SuspendAgreement.Output {
        let actor = try RequestScope.required.requireActor()
        return .ok(.init(body: .json(AgreementMapping.agreement(
            try await exchange.agreements.suspend(actor, AgreementID(input.path.agreementID))))))
    }

    func resumeAgreement(_ input: Operations.ResumeAgreement.Input) async throws -> Operations.ResumeAgreement.Output {
        let actor = try RequestScope.required.requireActor()
        return .ok(.init(body: .json(AgreementMapping.agreement(
            try await exchange.agreements.resume(actor, AgreementID(input.path.agreementID))))))
    }

    func endAgreement(_ input: Operations.EndAgreement.Input) async throws -> Operations.EndAgreement.Output {
        let actor = try RequestScope.required.requireActor()
        return .ok(.init(body: .json(AgreementMapping.agreement(
            try await exchange.agreements.end(actor, AgreementID(input.path.agreementID))))))
    }
}

enum AgreementMapping {
    static let hoursMax = AgreementService.receiveMinutesMax / 60

    static func position(_ position: PairPosition) -> Components.Schemas.PartnerPosition {
        .init(
            partnerNetworkID: position.partnerNetworkID.rawValue, openAgreementID: position.openAgreementID?.rawValue,
            openAgreementStatus: position.openAgreementStatus.flatMap { .init(rawValue: $0.rawValue) },
            netReceivedMinutes: position.netReceivedMinutes, pendingReceivedMinutes: position.pendingReceivedMinutes,
            pendingGivenMinutes: position.pendingGivenMinutes, sessionsReceived: Int32(clamping: position.sessionsReceived),
            sessionsGiven: Int32(clamping: position.sessionsGiven), receiveHeadroomMinutes: position.receiveHeadroomMinutes,
            giveHeadroomMinutes: position.giveHeadroomMinutes)
    }

    static func terms(_ body: Components.Schemas.AgreementProposal) throws -> AgreementTerms {
        AgreementTerms(
            kinds: body.kinds, proposerMayReceiveMinutes: try minutes(body.proposerMayReceiveHours, field: "proposerMayReceiveHours"),
            partnerMayReceiveMinutes: try minutes(body.partnerMayReceiveHours, field: "partnerMayReceiveHours"),
            proposerMonthlySessionQuota: body.proposerMonthlySessionQuota.map(Int.init),
            partnerMonthlySessionQuota: body.partnerMonthlySessionQuota.map(Int.init),
            startsOn: try day(body.startsOn, field: "startsOn"), endsOn: try day(body.endsOn, field: "endsOn"))
    }

    static func agreement(_ agreement: Agreement) -> Components.Schemas.Agreement {
        let terms = agreement.terms
        return .init(
            agreementID: agreement.id.rawValue, proposerNetworkID: agreement.proposerNetworkID.rawValue,
            partnerNetworkID: agreement.partnerNetworkID.rawValue, kinds: terms.kinds,
            proposerMayReceiveHours: terms.proposerMayReceiveMinutes / 60, partnerMayReceiveHours: terms.partnerMayReceiveMinutes / 60,
            proposerMonthlySessionQuota: terms.proposerMonthlySessionQuota.map { Int32(clamping: $0) },
            partnerMonthlySessionQuota: terms.partnerMonthlySessionQuota.map { Int32(clamping: $0) },
            startsOn: text(terms.startsOn), endsOn: text(terms.endsOn),
            status: Components.Schemas.Agreement.StatusPayload(rawValue: agreement.status.rawValue)!,
            proposedBy: agreement.proposedByID.rawValue, decidedBy: agreement.decidedByID?.rawValue,
            createdAt: agreement.createdAt, updatedAt: agreement.updatedAt)
    }

    /// Whole hours 1…hoursMax as minutes; checked here, before multiplying, so no input overflows.
    static func minutes(_ hours: Int64, field: String) throws -> Int64 {
        guard (1...hoursMax).contains(hours) else {
            throw Problem.invalidRequest(
                "\(field): must be 1 to \(hoursMax) hours", fieldErrors: [.init(pointer: "/\(field)", detail: "must be 1 to \(hoursMax)")])
        }
        return hours * 60
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Midnight UTC of a `YYYY-MM-DD` day that exists (2027-02-30 does not).
    static func day(_ text: String, field: String) throws -> Date {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard text.count == 10, parts.count == 3,
              let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              Self.text(date) == text
        else {
            throw Problem.invalidRequest(
                "\(field): must be a day as YYYY-MM-DD", fieldErrors: [.init(pointer: "/\(field)", detail: "must be a day as YYYY-MM-DD")])
        }
        return date
    }

    static func text(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
