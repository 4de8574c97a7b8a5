import Exchange
import Identity
import Ledger
import Onboarding

/// Issue 21 (D): erasure (`MemberErasure`, across both databases and the mail folder) and each
/// network's retention period (`RetentionService`).
extension APIHandlers {
    var erasure: MemberErasure { MemberErasure(identity: identity, exchange: exchange, mailDirectory: mailDirectory) }

    /// The caller erases themself (phrase and password); their sessions go with their credential,
    /// so the token that asked no longer works.
    func eraseMyAccount(_ input: Operations.EraseMyAccount.Input) async throws -> Operations.EraseMyAccount.Output {
        let scope = RequestScope.required
        let principal = try scope.requirePrincipal()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        _ = try await erasure.eraseSelf(memberID: principal.memberID, isAdministrator: principal.isAdministrator,
                                        confirm: body.confirm, password: body.password, clientAddress: scope.clientAddress)
        return .noContent(.init())
    }

    /// Administrators erase a member (`ErasureService.erase`'s rules).
    func eraseMember(_ input: Operations.EraseMember.Input) async throws -> Operations.EraseMember.Output {
        let actor = try RequestScope.required.requireActor()
        let report = try await erasure.erase(actor, memberID: MemberID(input.path.memberID))
        return .ok(.init(body: .json(.init(
            memberID: report.memberID.rawValue, networksLeft: report.networksLeft,
            exchangesCancelled: report.exchangesCancelled, groupSessionsLeft: report.groupSessionsLeft,
            offers: report.tally.offers, requests: report.tally.requests, messages: report.tally.messages))))
    }

    func getNetworkRetention(_ input: Operations.GetNetworkRetention.Input) async throws -> Operations.GetNetworkRetention.Output {
        let actor = try RequestScope.required.requireActor()
        let settings = try await exchange.retention.settings(actor, networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(.init(days: settings.days))))
    }

    func updateNetworkRetention(_ input: Operations.UpdateNetworkRetention.Input) async throws
        -> Operations.UpdateNetworkRetention.Output
    {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let settings = try await exchange.retention.update(
            actor, networkID: NetworkID(input.path.networkID), RetentionSettings(days: body.days))
        return .ok(.init(body: .json(.init(days: settings.days))))
    }
}
