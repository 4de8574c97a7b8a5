@testable import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Synchronization
import Testing

/// Correctness held by the store (issue 17): every update of a membership or an agreement is a
/// compare-and-set on the version read; a conflicting commit is decided again from a fresh load.
@Suite struct VersionedCommitTests {
    struct Scene {
        let world: World
        let store: FlakyStore
        let north: Network
        let south: Network
        let northLead: Actor
        let southLead: Actor
        let member: Actor
    }

    static func scene() async throws -> Scene {
        let world = try await World(flaky: true)
        let north = try await world.network("north-gp")
        let south = try await world.network("south-nurses")
        return Scene(
            world: world, store: try #require(world.flaky), north: north, south: south,
            northLead: try await world.member("Nia", in: north, role: .coordinator),
            southLead: try await world.member("Sol", in: south, role: .coordinator),
            member: try await world.member("Mo", in: north))
    }

    /// Proves the store refuses an update of a membership or an agreement made from a version
    /// that is no longer the stored one, and increments the version on every commit.
    @Test func staleVersionIsRefused() async throws {
        let scene = try await Self.scene()
        defer { scene.world.remove() }
        let store = scene.world.store
        let read = try #require(try await store.membership(memberID: scene.member.memberID, networkID: scene.north.id))
        var suspended = read
        suspended.status = .suspended
        #expect(try await store.updateMembership(suspended, audit: []).version == read.version + 1)
        var promoted = read
        promoted.role = .coordinator
        await #expect(throws: ConflictRetry.versionConflict("membership")) { _ = try await store.updateMembership(promoted, audit: []) }
        let stored = try #require(try await store.membership(memberID: scene.member.memberID, networkID: scene.north.id))
        #expect(stored.status == .suspended && stored.role == .member && stored.version == read.version + 1)

        let proposed = try await scene.world.domain.agreements.propose(
            scene.northLead, from: scene.north.id, to: scene.south.id, AgreementTests.terms(scene.world))
        var ended = proposed
        ended.status = .ended
        #expect(try await store.updateAgreement(ended, audit: []).version == proposed.version + 1)
        var declined = proposed
        declined.status = .declined
        await #expect(throws: ConflictRetry.versionConflict("agreement")) { _ = try await store.updateAgreement(declined, audit: []) }
        #expect(try await store.agreement(proposed.id)?.status == .ended)
    }

    /// Proves a membership change that loses the race to another writer is decided again on
    /// the fresh row: both changes land (no lost update) and the suspension is audited once.
    @Test func interleavedMembershipChangeIsRetried() async throws {
        let scene = try await Self.scene()
        defer { scene.world.remove() }
        let memberID = scene.member.memberID
        let northID = scene.north.id
        scene.store.beforeNext(.membership) { base in
            var fresh = try #require(try await base.membership(memberID: memberID, networkID: northID))
            fresh.role = .coordinator
            _ = try await base.updateMembership(fresh, audit: [])
        }
        let suspended = try await scene.world.domain.memberships.suspend(scene.northLead, memberID: memberID, networkID: northID)
        #expect(suspended.status == .suspended && suspended.role == .coordinator)
        let stored = try #require(try await scene.world.store.membership(memberID: memberID, networkID: northID))
        #expect(stored == suspended)
        let trail = try await scene.world.store.auditEvents(networkID: northID, afterID: nil, limit: 1000)
        #expect(trail.filter { $0.action == .membershipSuspended && $0.subjectMemberID == memberID }.count == 1)
    }

    /// Proves an agreement step that loses the race is decided again on the fresh row: a
    /// suspension that meets a concurrent end is refused as a step the ended agreement cannot
    /// take, not committed over it; and one that meets a concurrent suspension answers the
    /// suspended agreement with the suspension audited once in each network.
    @Test func interleavedAgreementChangeIsRetried() async throws {
        let scene = try await Self.scene()
        defer { scene.world.remove() }
        let agreements = scene.world.domain.agreements
        let proposed = try await agreements.propose(scene.northLead, from: scene.north.id, to: scene.south.id, AgreementTests.terms(scene.world))
        _ = try await agreements.accept(scene.southLead, proposed.id)

        let southLead = scene.southLead
        scene.store.beforeNext(.agreement) { base in
            var fresh = try #require(try await base.agreement(proposed.id))
            fresh.status = .suspended
            fresh.decidedByID = southLead.memberID
            _ = try await base.updateAgreement(fresh, audit: [
                AuditEvent(id: AuditEventID(0), at: fresh.updatedAt, actorID: southLead.memberID, networkID: fresh.proposerNetworkID,
                           action: .agreementSuspended, subjectID: fresh.id.rawValue),
                AuditEvent(id: AuditEventID(0), at: fresh.updatedAt, actorID: southLead.memberID, networkID: fresh.partnerNetworkID,
                           action: .agreementSuspended, subjectID: fresh.id.rawValue),
            ])
        }
        let suspended = try await agreements.suspend(scene.northLead, proposed.id)
        #expect(suspended.status == .suspended && suspended.decidedByID == southLead.memberID)
        let trail = try await scene.world.store.auditEvents(networkID: scene.north.id, afterID: nil, limit: 1000)
        #expect(trail.filter { $0.action == .agreementSuspended && $0.subjectID == proposed.id.rawValue }.count == 1)

        scene.store.beforeNext(.agreement) { base in
            var fresh = try #require(try await base.agreement(proposed.id))
            fresh.status = .ended
            _ = try await base.updateAgreement(fresh, audit: [])
        }
        let refused = await refusal { _ = try await agreements.resume(scene.northLead, proposed.id) }
        #expect(refused?.isInvalidState == true)
        #expect(try await scene.world.store.agreement(proposed.id)?.status == .ended)
    }

    /// Proves a commit that keeps conflicting is tried `ConflictRetry.attemptsMax` times and then
    /// refused with a conflict (the API's 409), leaving the other writer's change in place.
    @Test func endlessConflictIsRefusedAfterTheBound() async throws {
        let scene = try await Self.scene()
        defer { scene.world.remove() }
        final class Counter: Sendable { let count = Mutex(0) }
        let attempts = Counter()
        let memberID = scene.member.memberID
        let northID = scene.north.id
        @Sendable func armAgain(_ store: FlakyStore) {
            store.beforeNext(.membership) { base in
                attempts.count.withLock { $0 += 1 }
                var fresh = try #require(try await base.membership(memberID: memberID, networkID: northID))
                fresh.role = fresh.role == .member ? .coordinator : .member
                _ = try await base.updateMembership(fresh, audit: [])
                armAgain(store)
            }
        }
        armAgain(scene.store)
        let refused = await refusal {
            _ = try await scene.world.domain.memberships.suspend(scene.northLead, memberID: memberID, networkID: northID)
        }
        guard case .conflict(let reason) = refused else { Issue.record("expected a conflict, got \(String(describing: refused))"); return }
        #expect(reason.contains("\(ConflictRetry.attemptsMax) attempts"))
        #expect(attempts.count.withLock { $0 } == ConflictRetry.attemptsMax)
        #expect(try await scene.world.store.membership(memberID: memberID, networkID: northID)?.status == .active)
    }

    /// Proves two tasks changing the same membership at once (a suspension and an appointment)
    /// both land, round after round: exactly one result per intended transition, no lost update.
    @Test func concurrentMembershipChangesBothLand() async throws {
        let scene = try await Self.scene()
        defer { scene.world.remove() }
        let memberships = scene.world.domain.memberships
        let admin = scene.world.admin
        for round in 0..<10 {
            let member = try await scene.world.member("Member \(round)", in: scene.north)
            async let suspended = memberships.suspend(scene.northLead, memberID: member.memberID, networkID: scene.north.id)
            async let appointed = memberships.setRole(admin, memberID: member.memberID, networkID: scene.north.id, role: .coordinator)
            _ = try await (suspended, appointed)
            let stored = try #require(try await scene.world.store.membership(memberID: member.memberID, networkID: scene.north.id))
            #expect(stored.status == .suspended && stored.role == .coordinator, "round \(round)")
            let trail = try await scene.world.store.auditEvents(networkID: scene.north.id, afterID: nil, limit: 1000)
                .filter { $0.subjectMemberID == member.memberID }
            #expect(trail.filter { $0.action == .membershipSuspended }.count == 1)
            #expect(trail.filter { $0.action == .roleChanged }.count == 1)
        }
    }

    /// Proves two coordinators suspending the same agreement at once, from either side, get the
    /// same suspended agreement and the suspension is recorded once in each network.
    @Test func concurrentAgreementSuspensionsRecordOne() async throws {
        let scene = try await Self.scene()
        defer { scene.world.remove() }
        let agreements = scene.world.domain.agreements
        let proposed = try await agreements.propose(scene.northLead, from: scene.north.id, to: scene.south.id, AgreementTests.terms(scene.world))
        _ = try await agreements.accept(scene.southLead, proposed.id)
        for round in 0..<10 {
            async let fromNorth = agreements.suspend(scene.northLead, proposed.id)
            async let fromSouth = agreements.suspend(scene.southLead, proposed.id)
            let (north, south) = try await (fromNorth, fromSouth)
            #expect(north.status == .suspended && south.status == .suspended, "round \(round)")
            for network in [scene.north.id, scene.south.id] {
                let suspensions = try await scene.world.store.auditEvents(networkID: network, afterID: nil, limit: 1000)
                    .filter { $0.action == .agreementSuspended && $0.subjectID == proposed.id.rawValue }
                #expect(suspensions.count == round + 1, "round \(round)")
            }
            _ = try await agreements.resume(scene.northLead, proposed.id)
        }
    }
}
