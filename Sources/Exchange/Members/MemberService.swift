import Foundation
import Ledger
import Logging

/// Members and their profiles.
public final class MemberService: Sendable {
    let context: ServiceContext
    let members: any MemberRepository
    let memberships: any MembershipRepository

    init(context: ServiceContext, members: any MemberRepository, memberships: any MembershipRepository) {
        self.context = context
        self.members = members
        self.memberships = memberships
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

    /// Oneself, administrators, and members sharing a network with the member.
    public func member(_ actor: Actor, _ id: MemberID) async throws -> Member {
        if actor.memberID != id && !actor.isAdministrator {
            let mine = Set(try await context.access.activeNetworks(actor))
            let theirs = try await memberships.memberships(of: id).map(\.networkID)
            guard theirs.contains(where: mine.contains) else { throw ExchangeError.notFound("member \(id)") }
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
}
