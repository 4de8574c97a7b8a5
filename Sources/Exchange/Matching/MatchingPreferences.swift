import Foundation
import Ledger
import Matching

/// What shapes matching beyond a request and its offers: the weights a network gives the scored
/// factors, and the members a member has blocked (a blocked pair is never suggested, proposed in
/// a run, or able to propose to each other). A block is private to the member who made it.
public final class MatchingPreferencesService: Sendable {
    let context: ServiceContext
    let members: any MemberRepository
    let networks: any NetworkRepository
    let preferences: any MatchingPreferenceRepository
    /// How many members one member may block.

    init(context: ServiceContext, members: any MemberRepository, networks: any NetworkRepository,
         preferences: any MatchingPreferenceRepository) {
        self.context = context
        self.members = members
        self.networks = networks
        self.preferences = preferences
    }
    public static let blockCountMax = 500

    /// The network's weights (the standard ones until a coordinator sets them): its members,
    /// coordinators and administrators.
    public func weights(_ actor: Actor, networkID: NetworkID) async throws -> MatchingWeights {
        if !actor.isAdministrator { _ = try await context.access.membership(actor, in: networkID) }
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
        return try await preferences.matchingWeights(networkID: networkID) ?? .standard
    }

    /// Coordinators of the network and administrators; recorded in the audit trail.
    public func setWeights(_ actor: Actor, networkID: NetworkID, _ weights: MatchingWeights) async throws -> MatchingWeights {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
        try await preferences.setMatchingWeights(
            networkID: networkID, weights, audit: [context.auditEvent(actor, .matchingWeightsUpdated, network: networkID)])
        return weights
    }

    /// Blocks `memberID` for the actor; blocking again changes nothing. Any existing member may be
    /// blocked (the actor may not know which networks they share); never oneself.
    public func block(_ actor: Actor, _ memberID: MemberID) async throws -> [MemberID] {
        guard memberID != actor.memberID else { throw ExchangeError.invalid("memberID", "you cannot block yourself") }
        guard try await members.member(memberID) != nil else { throw ExchangeError.notFound("member \(memberID)") }
        let current = try await preferences.blockedMembers(by: actor.memberID)
        guard current.contains(memberID) || current.count < Self.blockCountMax else {
            throw ExchangeError.invalid("memberID", "you can block at most \(Self.blockCountMax) members")
        }
        try await preferences.insertBlock(by: actor.memberID, of: memberID, at: context.now())
        return try await preferences.blockedMembers(by: actor.memberID)
    }

    /// Unblocking someone not blocked changes nothing.
    public func unblock(_ actor: Actor, _ memberID: MemberID) async throws -> [MemberID] {
        try await preferences.deleteBlock(by: actor.memberID, of: memberID)
        return try await preferences.blockedMembers(by: actor.memberID)
    }

    /// The members the actor has blocked, in id order.
    public func blocked(_ actor: Actor) async throws -> [MemberID] {
        try await preferences.blockedMembers(by: actor.memberID)
    }
}
