import Foundation
import Ledger
import Logging

/// Members and their profiles.
public final class MemberService: Sendable {
    let context: ServiceContext
    let members: any MemberRepository
    let memberships: any MembershipRepository
    let settingsStore: any MemberSettingsRepository
    let tallies: any ExchangeTallyRepository

    init(context: ServiceContext, members: any MemberRepository, memberships: any MembershipRepository,
         settings: any MemberSettingsRepository, tallies: any ExchangeTallyRepository) {
        self.context = context
        self.members = members
        self.memberships = memberships
        self.settingsStore = settings
        self.tallies = tallies
    }

    /// Creates the first administrator; refused once one exists.
    public func bootstrapAdministrator(_ profile: MemberProfile) async throws -> Member {
        try Validate.profile(profile)
        guard try await !members.administratorExists() else {
            throw ExchangeError.conflict("an administrator exists already")
        }
        let member = try await members.insertMember(profile, isAdministrator: true, at: context.now())
        context.logger.info("administrator bootstrapped", metadata: ["member": "\(member.id)"])
        return member
    }

    /// Administrators, and coordinators (who invite people into their network), create members.
    public func createMember(_ actor: Actor, _ profile: MemberProfile) async throws -> Member {
        if !actor.isAdministrator {
            let coordinates = try await memberships.memberships(of: actor.memberID).contains(where: \.isActiveCoordinator)
            guard coordinates else { throw ExchangeError.forbidden("only an administrator or a coordinator may add members") }
        }
        try Validate.profile(profile)
        let member = try await members.insertMember(profile, isAdministrator: false, at: context.now())
        context.logger.info("member created", metadata: ["member": "\(member.id)"])
        return member
    }

    /// Oneself, administrators, members sharing a network with the member, and the other person
    /// of any exchange the member is in (a partner network's supporter and the requester they
    /// support see each other's names). Anyone else is not found, as if they did not exist.
    public func member(_ actor: Actor, _ id: MemberID) async throws -> Member {
        if actor.memberID != id && !actor.isAdministrator {
            let mine = Set(try await context.access.activeNetworks(actor))
            let theirs = try await memberships.memberships(of: id).map(\.networkID)
            if !theirs.contains(where: mine.contains), !(try await tallies.haveExchanged(actor.memberID, id)) {
                throw ExchangeError.notFound("member \(id)")
            }
        }
        guard let member = try await members.member(id) else { throw ExchangeError.notFound("member \(id)") }
        return member
    }

    /// A member changes their own profile.
    public func updateProfile(_ actor: Actor, _ profile: MemberProfile) async throws -> Member {
        try Validate.profile(profile)
        guard try await members.member(actor.memberID) != nil else {
            throw ExchangeError.notFound("member \(actor.memberID)")
        }
        try await members.updateMemberProfile(actor.memberID, profile)
        return try await member(actor, actor.memberID)
    }

    /// The actor's own settings (`MemberSettings.standard` until they change them): nobody
    /// else's can be asked for. One read of the store.
    public func settings(_ actor: Actor) async throws -> MemberSettings {
        try await settingsStore.memberSettings(actor.memberID) ?? .standard
    }

    /// The actor changes their own settings; refused (naming the field) unless valid.
    public func updateSettings(_ actor: Actor, _ new: MemberSettings) async throws -> MemberSettings {
        if let error = new.validationErrors.first { throw ExchangeError.validation(error) }
        guard try await members.member(actor.memberID) != nil else {
            throw ExchangeError.notFound("member \(actor.memberID)")
        }
        try await settingsStore.setMemberSettings(actor.memberID, new)
        return new
    }
}
