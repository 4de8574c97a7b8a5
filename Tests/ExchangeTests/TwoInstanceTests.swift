import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import Ledger
import LedgerSQLite
import SQLiteSupport
import TestSupport
import Testing

/// Two complete service stacks in one process over one set of database files (or one PostgreSQL
/// database, when the tests run against it), sharing no memory:
/// each has its own exchange store (caches, writer, readers), its own ledger store and writer,
/// and its own domain (locks) — as two `peerhours serve` instances over one database would. Only
/// the clock is shared (time, not state).
struct TwoInstances {
    let world: World
    let ledgerDirectory: String
    /// The second instance; the first is `world.domain`.
    let second: ExchangeDomain
    let secondLedger: Ledger

    init() async throws {
        let ledgerDirectory = try TemporaryDirectory(prefix: "peerhours-two-instances-ledger").path
        self.ledgerDirectory = ledgerDirectory
        world = try await World(ledgerStore: try await SQLiteLedgerStore.open(directory: ledgerDirectory), coherence: .sharedFile)
        secondLedger = Ledger(store: try await SQLiteLedgerStore.open(directory: ledgerDirectory), clock: world.clock)
        if let location = world.postgresLocation {
            second = ExchangeDomain(store: try await PostgresExchangeStore.open(location), ledger: secondLedger)
        } else {
            second = ExchangeDomain(store: try SQLiteExchangeStore.open(directory: world.directory), ledger: secondLedger)
        }
    }

    var domains: [ExchangeDomain] { [world.domain, second] }

    func remove() {
        world.remove()
        try? FileManager.default.removeItem(atPath: ledgerDirectory)
    }

    /// Every exchange's status agrees with the ledger, as both instances read it: a reservation
    /// is pending exactly while the exchange is accepted (or disputed), posted when completed,
    /// and absent or voided otherwise.
    func expectEveryExchangeAgreesWithTheLedger(_ ids: [ExchangeID], by actor: Actor,
                                                sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for id in ids {
            let first = try await world.domain.exchanges.exchange(actor, id)
            let other = try await second.exchanges.exchange(actor, id)
            #expect(first.status == other.status, "exchange \(id): the instances disagree", sourceLocation: sourceLocation)
            #expect(first.version == other.version, "exchange \(id): the instances disagree", sourceLocation: sourceLocation)
            let reservation = try await world.ledger.store.transfer(first.reserveTransferID)
            let resolution = try await world.ledger.store.resolution(ofPending: first.reserveTransferID)
            switch first.status {
            case .accepted, .disputed:
                #expect(reservation != nil && resolution == nil, "exchange \(id) is \(first.status) without an open reservation",
                        sourceLocation: sourceLocation)
            case .completed:
                #expect(resolution?.status == .posted, "exchange \(id) is completed, not posted", sourceLocation: sourceLocation)
            case .proposed, .declined:
                #expect(reservation == nil, "exchange \(id) is \(first.status) with a reservation", sourceLocation: sourceLocation)
            case .cancelled, .expired:
                #expect(reservation == nil || resolution != nil, "exchange \(id) is \(first.status) with an open reservation",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// Every member's balance, as either instance answers it, equals the ledger's account, and
    /// the ledger verifies.
    func expectBalancesEqualTheLedger(_ members: [(Actor, Network)], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for (actor, network) in members {
            for domain in domains {
                let balance = try await domain.accounts.balance(actor, memberID: actor.memberID, networkID: network.id)
                let membership = try #require(try await world.store.membership(memberID: actor.memberID, networkID: network.id))
                let account = try #require(try await world.ledger.store.account(membership.ledgerAccountID))
                #expect(balance.postedMinutes == account.creditsPostedMinutes - account.debitsPostedMinutes, sourceLocation: sourceLocation)
                #expect(balance.pendingMinutes == account.debitsPendingMinutes, sourceLocation: sourceLocation)
            }
        }
        _ = try await world.ledger.store.verify()
        _ = try await secondLedger.store.verify()
    }
}

/// Runs `body` and answers the exchange it returns, or nil when it threw an `ExchangeError`
/// (a refusal is a fine answer to a race; anything else fails the test).
func outcome(_ body: () async throws -> PeerExchange) async throws -> PeerExchange? {
    do {
        return try await body()
    } catch is ExchangeError {
        return nil
    }
}

@Suite struct TwoInstanceTests {
    /// How many exchanges each race runs (`PEERHOURS_TWO_INSTANCE_EXCHANGES` for longer runs).
    static let exchangesPerRace = ProcessInfo.processInfo.environment["PEERHOURS_TWO_INSTANCE_EXCHANGES"].flatMap(Int.init) ?? 24

    /// Proves the supporter accepting on both instances at once reserves once, and the requester
    /// cancelling on one instance while the supporter accepts on the other never leaves a
    /// cancelled exchange with its minutes reserved: every exchange agrees with the ledger, as
    /// both instances read it, and every balance equals the ledger's.
    @Test func acceptancesAndCancellationsFromBothInstances() async throws {
        let two = try await TwoInstances()
        defer { two.remove() }
        let world = two.world
        let network = try await world.network("leeds-gp", policy: NetworkPolicy(welcomeGrantMinutes: 600))
        let supporter = try await world.member("Sam", in: network)
        let offer = try await world.offer(supporter, in: network, capacityHoursPerMonth: 40)
        var requesters: [Actor] = []
        for index in 0..<4 { requesters.append(try await world.member("Rae \(index)", in: network)) }
        var ids: [ExchangeID] = []
        for index in 0..<Self.exchangesPerRace {
            let requester = requesters[index % requesters.count]
            // Read first on both, so each instance holds what it read.
            let proposed = try await world.propose(requester, offer: offer, minutes: 30)
            for domain in two.domains { _ = try await domain.exchanges.exchange(requester, proposed.id) }
            ids.append(proposed.id)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, id) in ids.enumerated() {
                let requester = requesters[index % requesters.count]
                let (first, other) = index % 2 == 0 ? (world.domain, two.second) : (two.second, world.domain)
                group.addTask { _ = try await outcome { try await first.exchanges.accept(supporter, id) } }
                if index % 3 == 0 {
                    group.addTask { _ = try await outcome { try await other.exchanges.cancel(requester, id) } }
                } else {
                    group.addTask { _ = try await outcome { try await other.exchanges.accept(supporter, id) } }
                }
            }
            try await group.waitForAll()
        }
        try await two.expectEveryExchangeAgreesWithTheLedger(ids, by: supporter)
        try await two.expectBalancesEqualTheLedger(requesters.map { ($0, network) } + [(supporter, network)])
    }

    /// Proves an offer's monthly hours and an agreement's monthly session quota hold when
    /// proposals and acceptances arrive on both instances at once: never more sessions under the
    /// agreement that month than its quota, never more minutes booked on the offer than its
    /// hours, and the networks' clearing positions within the agreement's imbalance.
    @Test func quotaAndCapacityHoldAcrossInstances() async throws {
        let two = try await TwoInstances()
        defer { two.remove() }
        let world = two.world
        let north = try await world.network("north-gp", policy: NetworkPolicy(welcomeGrantMinutes: 600))
        let south = try await world.network("south-nurses")
        let northLead = try await world.member("Nia", in: north, role: .coordinator)
        let southLead = try await world.member("Sol", in: south, role: .coordinator)
        let supporter = try await world.member("Sam", in: south)
        let quota = 3
        let terms = AgreementTerms(
            kinds: ["peer_support"], proposerMayReceiveMinutes: 20 * 60, partnerMayReceiveMinutes: 10 * 60,
            proposerMonthlySessionQuota: quota, startsOn: world.now, endsOn: world.now.addingTimeInterval(365 * 86_400))
        let proposedAgreement = try await world.domain.agreements.propose(northLead, from: north.id, to: south.id, terms)
        let agreement = try await world.domain.agreements.accept(southLead, proposedAgreement.id)
        let partnerOffer = try await PartnerWorld.partnerOffer(world, supporter, in: south)
        let localOffer = try await world.offer(supporter, in: south, title: "Local peer support", capacityHoursPerMonth: 2)
        var northMembers: [Actor] = []
        var southMembers: [Actor] = []
        for index in 0..<8 {
            northMembers.append(try await world.member("North \(index)", in: north))
            southMembers.append(try await world.member("South \(index)", in: south))
        }
        let start = world.now.addingTimeInterval(86_400)
        var cross: [ExchangeID?] = Array(repeating: nil, count: northMembers.count)
        var local: [ExchangeID?] = Array(repeating: nil, count: southMembers.count)
        try await withThrowingTaskGroup(of: (Bool, Int, ExchangeID?).self) { group in
            for index in northMembers.indices {
                let domain = two.domains[index % 2]
                let requester = northMembers[index]
                let southRequester = southMembers[index]
                group.addTask {
                    let request = try await domain.requests.createRequest(requester, networkID: north.id, RequestDetails(
                        kind: "peer_support", topics: ["burnout"], timeZone: "Europe/London", mode: .video, language: "en",
                        durationMinutes: 60, description: "Nights"))
                    let proposed = try await outcome {
                        try await domain.exchanges.propose(requester, ExchangeProposal(
                            offerID: partnerOffer.id, requestID: request.id, scheduledStart: start, durationMinutes: 60))
                    }
                    return (true, index, proposed?.id)
                }
                group.addTask {
                    let proposed = try await outcome {
                        try await domain.exchanges.propose(southRequester, ExchangeProposal(
                            offerID: localOffer.id, scheduledStart: start, durationMinutes: 60))
                    }
                    return (false, index, proposed?.id)
                }
            }
            for try await (isCross, index, id) in group {
                if isCross { cross[index] = id } else { local[index] = id }
            }
        }
        let crossIDs = cross.compactMap { $0 }
        let localIDs = local.compactMap { $0 }
        #expect(crossIDs.count <= quota, "\(crossIDs.count) sessions proposed under a quota of \(quota)")
        #expect(localIDs.count <= 2, "\(localIDs.count) hour-long sessions booked on an offer of 2 hours a month")
        // Every one accepted from both instances at once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in crossIDs + localIDs {
                for domain in two.domains {
                    group.addTask { _ = try await outcome { try await domain.exchanges.accept(supporter, id) } }
                }
            }
            try await group.waitForAll()
        }
        var accepted = 0
        for id in crossIDs {
            if try await world.domain.exchanges.exchange(supporter, id).status == .accepted { accepted += 1 }
        }
        #expect(accepted <= quota)
        try await two.expectEveryExchangeAgreesWithTheLedger(crossIDs + localIDs, by: supporter)
        let stored = try await world.domain.agreements.agreement(northLead, agreement.id)
        let clearingID = try #require(stored.clearingAccountID(in: north.id))
        let clearing = try #require(try await world.ledger.store.account(clearingID))
        #expect(clearing.creditsPostedMinutes + clearing.creditsPendingMinutes - clearing.debitsPostedMinutes <= 20 * 60)
        try await two.expectBalancesEqualTheLedger(northMembers.map { ($0, north) } + southMembers.map { ($0, south) })
    }

    /// Proves agreement and membership steps taken on both instances at once land once each and
    /// read the same on both: an agreement accepted by both sides' coordinators twice over is
    /// accepted once with one pair of clearing accounts; a membership suspended on one instance
    /// while the other appoints the member a coordinator keeps both changes (no lost update),
    /// and the suspension's cancellations leave every exchange agreeing with the ledger.
    @Test func agreementAndMembershipStepsFromBothInstances() async throws {
        let two = try await TwoInstances()
        defer { two.remove() }
        let world = two.world
        let north = try await world.network("north-gp", policy: NetworkPolicy(welcomeGrantMinutes: 600))
        let south = try await world.network("south-nurses")
        let northLead = try await world.member("Nia", in: north, role: .coordinator)
        let southLead = try await world.member("Sol", in: south, role: .coordinator)
        let terms = AgreementTerms(
            kinds: ["peer_support"], proposerMayReceiveMinutes: 600, partnerMayReceiveMinutes: 600,
            startsOn: world.now, endsOn: world.now.addingTimeInterval(365 * 86_400))
        let proposed = try await world.domain.agreements.propose(northLead, from: north.id, to: south.id, terms)
        let acceptances = try await withThrowingTaskGroup(of: Agreement?.self) { group in
            for domain in two.domains + two.domains {
                group.addTask {
                    do { return try await domain.agreements.accept(southLead, proposed.id) } catch is ExchangeError { return nil }
                }
            }
            return try await group.reduce(into: [Agreement]()) { if let accepted = $1 { $0.append(accepted) } }
        }
        #expect(!acceptances.isEmpty)
        let stored = try await two.second.agreements.agreement(northLead, proposed.id)
        #expect(stored.status == .active)
        #expect(Set(acceptances.map { $0.clearingAccountID(in: north.id) }) == [stored.clearingAccountID(in: north.id)])

        let supporter = try await world.member("Sam", in: north)
        let requester = try await world.member("Rae", in: north)
        let offer = try await world.offer(supporter, in: north, capacityHoursPerMonth: 10)
        var ids: [ExchangeID] = []
        for index in 0..<4 {
            let exchange = try await world.propose(requester, offer: offer, minutes: 30)
            if index % 2 == 0 { _ = try await two.second.exchanges.accept(supporter, exchange.id) }
            ids.append(exchange.id)
        }
        async let suspended = world.domain.memberships.suspend(northLead, memberID: supporter.memberID, networkID: north.id)
        async let appointed = two.second.memberships.setRole(world.admin, memberID: supporter.memberID, networkID: north.id,
                                                             role: .coordinator)
        _ = try await (suspended, appointed)
        for domain in two.domains {
            let membership = try #require(try await domain.memberships.membership(world.admin, memberID: supporter.memberID,
                                                                                  networkID: north.id))
            #expect(membership.status == .suspended && membership.role == .coordinator)
        }
        for id in ids {
            #expect(try await world.domain.exchanges.exchange(requester, id).status == .cancelled)
        }
        try await two.expectEveryExchangeAgreesWithTheLedger(ids, by: requester)
        try await two.expectBalancesEqualTheLedger([(requester, north)])
    }
}
