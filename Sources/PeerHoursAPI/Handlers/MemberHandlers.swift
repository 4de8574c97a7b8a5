import Exchange
import Foundation
import Ledger

/// The caller's own profile and memberships, and other members' public profiles.
extension APIHandlers {
    func getMyProfile(_ input: Operations.GetMyProfile.Input) async throws -> Operations.GetMyProfile.Output {
        let actor = try RequestScope.required.requireActor()
        let member = try await exchange.members.member(actor, actor.memberID)
        let memberships = try await exchange.memberships.memberships(actor, of: actor.memberID)
        return .ok(.init(body: .json(NetworkMapping.member(member, memberships: memberships))))
    }

    /// The domain validates the profile's bounds (400 naming the field).
    func updateMyProfile(_ input: Operations.UpdateMyProfile.Input) async throws -> Operations.UpdateMyProfile.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let member = try await exchange.members.updateProfile(actor, NetworkMapping.profile(body))
        let memberships = try await exchange.memberships.memberships(actor, of: actor.memberID)
        return .ok(.init(body: .json(NetworkMapping.member(member, memberships: memberships))))
    }

    func getMember(_ input: Operations.GetMember.Input) async throws -> Operations.GetMember.Output {
        let actor = try RequestScope.required.requireActor()
        let member = try await exchange.members.member(actor, MemberID(input.path.memberID))
        return .ok(.init(body: .json(NetworkMapping.memberPublic(member))))
    }

    func getMySettings(_ input: Operations.GetMySettings.Input) async throws -> Operations.GetMySettings.Output {
        let actor = try RequestScope.required.requireActor()
        let settings = try await exchange.members.settings(actor)
        return .ok(.init(body: .json(.init(language: settings.language, timeZone: settings.timeZone))))
    }

    /// The domain validates the language tag and the time zone (400 naming the field).
    func updateMySettings(_ input: Operations.UpdateMySettings.Input) async throws -> Operations.UpdateMySettings.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let settings = try await exchange.members.updateSettings(actor, MemberSettings(language: body.language, timeZone: body.timeZone))
        return .ok(.init(body: .json(.init(language: settings.language, timeZone: settings.timeZone))))
    }
}
