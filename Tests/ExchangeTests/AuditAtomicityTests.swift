import Exchange
import ExchangeSQLite
import Foundation
import GRDB
import Ledger
import Logging
import Matching
import PostgresNIO
import PostgresSupport
import Testing

/// A coordinator's or administrator's change and its entry in the audit trail commit together or
/// not at all: with the trail refusing inserts (a trigger on the database file), each change is
/// refused and leaves nothing changed; with the trail back, each is made and recorded once.
@Suite struct AuditAtomicityTests {
    /// Makes every insert into the audit trail fail, as a disk error on that one write would: a
    /// trigger on the SQLite file, or on the PostgreSQL schema's table.
    struct TrailSwitch {
        static let logger = Logger(label: "peerhours.tests.audit-switch")
        let queue: DatabaseQueue?
        let postgres: PostgresPool?

        init(_ world: World) throws {
            if let store = world.postgres {
                (queue, postgres) = (nil, store.database)
                return
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(
                path: (world.directory as NSString).appendingPathComponent(SQLiteExchangeStore.fileName),
                configuration: configuration)
            postgres = nil
        }

        func refuseInserts() async throws {
            if let postgres {
                try await postgres.transaction { connection in
                    try await connection.query("""
                        CREATE FUNCTION audit_refused() RETURNS trigger LANGUAGE plpgsql AS
                        $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$
                        """, logger: Self.logger)
                    try await connection.query("""
                        CREATE TRIGGER audit_refused BEFORE INSERT ON audit_events
                        FOR EACH ROW EXECUTE FUNCTION audit_refused()
                        """, logger: Self.logger)
                }
                return
            }
            try await queue?.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER audit_refused BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit refused'); END
                    """)
            }
        }

        func allowInserts() async throws {
            if let postgres {
                try await postgres.transaction { connection in
                    try await connection.query("DROP TRIGGER audit_refused ON audit_events", logger: Self.logger)
                    try await connection.query("DROP FUNCTION audit_refused()", logger: Self.logger)
                }
                return
            }
            try await queue?.write { db in try db.execute(sql: "DROP TRIGGER audit_refused") }
        }
    }

    // Proves it for the changes the exchange store makes alone: approving a membership,
    // suspending one, appointing a coordinator, a network's policy, its matching weights,
    // proposing an agreement, proposing a session on a member's behalf and a matching run.
    @Test func storeChangesCommitWithTheirRecord() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-wellbeing")
        let south = try await world.network("south-wellbeing")
        let lead = try await world.member("Lee", in: north, role: .coordinator)
        _ = try await world.member("Sol", in: south, role: .coordinator)
        let gp = try await world.member("Grace", in: north)
        let nurse = try await world.member("Nia", in: north)
        let offer = try await world.offer(nurse, in: north)
        let request = try await world.request(gp, in: north)
        let newcomer = try await world.domain.members.createMember(world.admin, profile("Nell", organisation: "Nell Practice"))
        _ = try await world.domain.memberships.invite(world.admin, memberID: newcomer.id, networkID: north.id, role: .member)
        let policy = NetworkPolicy(creditFloorMinutes: -300, autoConfirmDays: 3)
        let weights = try MatchingWeights(topicOverlap: 0, availabilityOverlap: 100, professionPreference: 0,
                                          careerStagePreference: 0, history: 0, loadFairness: 0, balanceFairness: 0,
                                          imbalanceReduction: 0)
        let memberships = world.domain.memberships
        let changes: [(AuditAction, @Sendable () async throws -> Void)] = [
            (.membershipApproved, { _ = try await memberships.activate(lead, memberID: newcomer.id, networkID: north.id) }),
            (.membershipSuspended, { _ = try await memberships.suspend(lead, memberID: gp.memberID, networkID: north.id) }),
            (.roleChanged, { _ = try await memberships.setRole(world.admin, memberID: nurse.memberID, networkID: north.id, role: .coordinator) }),
            (.policyUpdated, { _ = try await world.domain.networks.updatePolicy(lead, north.id, policy) }),
            (.matchingWeightsUpdated, { _ = try await world.domain.matchingPreferences.setWeights(lead, networkID: north.id, weights) }),
            (.agreementProposed, { _ = try await world.domain.agreements.propose(lead, from: north.id, to: south.id, AgreementTests.terms(world)) }),
            (.exchangeProposedOnBehalf, {
                _ = try await world.domain.exchanges.propose(lead, ExchangeProposal(
                    offerID: offer.id, requesterID: gp.memberID, scheduledStart: world.now.addingTimeInterval(86_400)))
            }),
            (.matchingRun, { _ = try await world.domain.matching.runMatching(lead, networkID: north.id) }),
        ]
        let trail = try TrailSwitch(world)

        // The matching run and the proposal on the GP's behalf run before the suspension below
        // would stop them: refused first, in this order, with nothing of any of them stored.
        try await trail.refuseInserts()
        for (action, change) in changes {
            await #expect(throws: (any Error).self, "\(action.rawValue) without its record") { try await change() }
        }
        #expect(try await memberships.membership(world.admin, memberID: newcomer.id, networkID: north.id)?.status == .invited)
        #expect(try await memberships.membership(world.admin, memberID: gp.memberID, networkID: north.id)?.status == .active)
        #expect(try await memberships.membership(world.admin, memberID: nurse.memberID, networkID: north.id)?.role == .member)
        #expect(try await world.domain.networks.network(lead, north.id).policy == NetworkPolicy())
        #expect(try await world.domain.matchingPreferences.weights(lead, networkID: north.id) == .standard)
        #expect(try await world.domain.agreements.agreements(lead, networkID: north.id).items.isEmpty)
        #expect(try await world.domain.exchanges.myExchanges(gp).items.isEmpty)
        #expect(try await world.domain.matching.proposals(gp, requestID: request.id).items.isEmpty)
        #expect(try await world.domain.audit.trail(world.admin, networkID: nil, page: PageRequest(size: 100)).items.isEmpty)

        try await trail.allowInserts()
        let order: [AuditAction] = [.exchangeProposedOnBehalf, .matchingRun] + changes.map(\.0).filter {
            $0 != .exchangeProposedOnBehalf && $0 != .matchingRun
        }
        for action in order {
            try await changes.first { $0.0 == action }!.1()
        }
        #expect(try await memberships.membership(world.admin, memberID: newcomer.id, networkID: north.id)?.status == .active)
        #expect(try await memberships.membership(world.admin, memberID: gp.memberID, networkID: north.id)?.status == .suspended)
        #expect(try await world.domain.networks.network(lead, north.id).policy == policy)
        let recorded = try await world.domain.audit.trail(lead, networkID: north.id, page: PageRequest(size: 100)).items
        #expect(recorded.map(\.action) == order)
        #expect(recorded.allSatisfy { $0.actorID == ($0.action == .roleChanged ? world.admin.memberID : lead.memberID) })
        let exchange = try #require(try await world.domain.exchanges.myExchanges(nurse).items.first)
        #expect(recorded.first { $0.action == .exchangeProposedOnBehalf }?.subjectID == exchange.id.rawValue)
        let agreement = try #require(try await world.domain.agreements.agreements(lead, networkID: north.id).items.first)
        #expect(recorded.first { $0.action == .agreementProposed }?.subjectID == agreement.id.rawValue)
        let southTrail = try await world.domain.audit.trail(world.admin, networkID: south.id).items
        #expect(southTrail.map(\.action) == [.agreementProposed] && southTrail.first?.subjectID == agreement.id.rawValue)
    }

    // Proves a correction is recorded by the write that marks it applied: with the trail refusing,
    // the ledger's reversal goes through but the correction stays unapplied (not listed, no
    // record); the coordinator's retry finishes that same correction — the reversal not made
    // twice — and the trail holds it once.
    @Test func aCorrectionIsRecordedOnceWithItsApplication() async throws {
        let setup = try await CoordinatorToolsTests.completed()
        let world = setup.world
        defer { world.remove() }
        let trail = try TrailSwitch(world)
        let draft = CorrectionDraft(transferID: setup.exchange.settleTransferID, minutes: 20, reason: "Session ran 40 minutes")

        try await trail.refuseInserts()
        await #expect(throws: (any Error).self) {
            _ = try await world.domain.corrections.correct(setup.lead, networkID: setup.network.id, draft)
        }
        #expect(try await world.domain.corrections.corrections(setup.lead, networkID: setup.network.id).items.isEmpty)
        #expect(try await world.domain.audit.trail(setup.lead, networkID: setup.network.id).items.allSatisfy { $0.action != .correctionMade })

        try await trail.allowInserts()
        let correction = try await world.domain.corrections.correct(setup.lead, networkID: setup.network.id, draft)
        #expect(correction.applied)
        #expect(try await world.minutes(setup.gp, setup.network) == [80, 0, 80])
        #expect(try await world.minutes(setup.nurse, setup.network) == [160, 0, 160])
        let recorded = try await world.domain.audit.trail(setup.lead, networkID: setup.network.id).items
            .filter { $0.action == .correctionMade }
        #expect(recorded.map(\.subjectID) == [correction.id.rawValue])
        #expect(recorded.first?.detail == draft.reason)
        try await world.verifyLedger()
    }

    // Proves a dispute's resolution is recorded with the ledger's acceptance of it: with the trail
    // refusing, the post goes through but storing its outcome fails, so the exchange stays
    // disputed with the resolution stored; due work finishes it and records it once — as the
    // coordinator's, though no request of theirs is running.
    @Test func aResolutionIsRecordedWithItsOutcome() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let accepted = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network))
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.dispute(gp, accepted.id, reason: "It did not take place")
        let trail = try TrailSwitch(world)

        try await trail.refuseInserts()
        await #expect(throws: (any Error).self) { _ = try await world.domain.exchanges.resolve(lead, accepted.id, .post(minutes: 30)) }
        let stored = try #require(try await world.store.exchange(accepted.id))
        #expect(stored.status == .disputed)
        #expect(stored.pendingAction == .post(minutes: 30))
        #expect(try await world.domain.audit.trail(lead, networkID: network.id).items.allSatisfy { $0.action != .disputeResolved })

        try await trail.allowInserts()
        _ = try await world.domain.runDueWork(now: world.now)
        let resolved = try await world.domain.exchanges.exchange(lead, accepted.id)
        #expect(resolved.status == .completed && resolved.settledMinutes == 30)
        let recorded = try await world.domain.audit.trail(lead, networkID: network.id).items.filter { $0.action == .disputeResolved }
        #expect(recorded.count == 1)
        #expect(recorded.first?.actorID == lead.memberID)
        #expect(recorded.first?.subjectID == accepted.id.rawValue)
        #expect(recorded.first?.detail == "completed")
        #expect(try await world.minutes(gp, network) == [90, 0, 90])
        try await world.verifyLedger()
    }
}
