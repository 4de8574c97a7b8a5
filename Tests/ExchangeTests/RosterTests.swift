import Exchange
import Foundation
import Ledger
import MatchingBenchmarkSupport
import Testing

@Suite struct RosterTests {
    /// What the members list should say of one member, kept beside the domain as sessions happen.
    struct Expected {
        var name: String
        var actor: Actor
        var status: MembershipStatus = .active
        var given: Int64 = 0
        var received: Int64 = 0
        var last: Date?
    }

    /// North with a coordinator and members (accented and mixed-case names among them), every
    /// member offering support; `sessions` completed one-to-one sessions between random pairs at
    /// random minutes, then one member suspended. Answers the model of what the list must say.
    static func north(seed: UInt64, sessions: Int) async throws -> (World, Network, Actor, [MemberID: Expected]) {
        let world = try await World()
        let network = try await world.network("north-wellbeing")
        let lead = try await world.member("Lee Lead", in: network, role: .coordinator)
        var expected: [MemberID: Expected] = [lead.memberID: Expected(name: "Lee Lead", actor: lead)]
        var offers: [MemberID: Offer] = [:]
        for name in ["Siân Evans", "sam O'Neill", "Rae Requester", "Ben Supporter", "Zoë Ahmed", "ann Bell"] {
            let actor = try await world.member(name, in: network)
            expected[actor.memberID] = Expected(name: name, actor: actor)
            offers[actor.memberID] = try await world.offer(actor, in: network, capacityHoursPerMonth: 40)
        }
        var random = SplitMix64(seed: seed)
        let people = offers.keys.sorted()
        for _ in 0..<sessions {
            let supporter = people[Int(random.next() % UInt64(people.count))]
            var requester = people[Int(random.next() % UInt64(people.count))]
            if requester == supporter { requester = people[(people.firstIndex(of: supporter)! + 1) % people.count] }
            let minutes = [30, 45, 60][Int(random.next() % 3)]
            let exchange = try await world.acceptedExchange(expected[requester]!.actor, expected[supporter]!.actor,
                                                            offer: offers[supporter]!)
            world.advance(hours: 26)
            for person in [requester, supporter] {
                _ = try await world.domain.exchanges.confirm(expected[person]!.actor, exchange.id, minutesGiven: Int64(minutes))
            }
            expected[supporter]!.given += Int64(minutes)
            expected[requester]!.received += Int64(minutes)
            for person in [requester, supporter] { expected[person]!.last = exchange.scheduledStart }
        }
        let suspended = people[Int(random.next() % UInt64(people.count))]
        _ = try await world.domain.memberships.suspend(lead, memberID: suspended, networkID: network.id, reason: "Test")
        expected[suspended]!.status = .suspended
        return (world, network, lead, expected)
    }

    /// Every page of the list for `query`, `size` at a time.
    static func all(_ world: World, _ lead: Actor, _ network: Network, _ query: RosterQuery, size: Int) async throws -> [RosterEntry] {
        var entries: [RosterEntry] = [], cursor: String?
        repeat {
            let page = try await world.domain.roster.roster(lead, networkID: network.id, query, page: PageRequest(cursor: cursor, size: size))
            #expect(page.items.count <= size)
            entries += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return entries
    }

    // Proves, for random session histories, that every filter and order of the list (paged three
    // at a time) gives exactly the members the model expects, each with the model's hours given
    // and received, last session and the ledger's balance, in the order asked: the key (missing
    // values last), then the name, then the id.
    @Test(arguments: [1, 2, 3] as [UInt64]) func everyOrderAndFilterMatchesTheModel(seed: UInt64) async throws {
        let (world, network, lead, expected) = try await Self.north(seed: seed, sessions: 8)
        defer { world.remove() }
        var balances: [MemberID: Int64] = [:]
        for id in expected.keys {
            balances[id] = try await world.domain.accounts.balance(lead, memberID: id, networkID: network.id).postedMinutes
        }
        let statuses: [MembershipStatus?] = [nil, .active, .suspended]
        for sort in RosterSort.allCases {
            for descending in [false, true] {
                for status in statuses {
                    for search in [nil, "a", "SIAN", "zz"] as [String?] {
                        let query = RosterQuery(status: status, search: search, sort: sort, descending: descending)
                        let listed = try await Self.all(world, lead, network, query, size: 3)
                        let folded = { (text: String) in text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
                        let model = expected.filter { id, member in
                            (status == nil || member.status == status)
                                && (search == nil || folded(member.name).contains(folded(search!)))
                        }
                        #expect(Set(listed.map(\.memberID)) == Set(model.keys), "\(query)")
                        #expect(listed.count == model.count, "no member twice: \(query)")
                        for entry in listed {
                            let member = try #require(model[entry.memberID])
                            #expect(entry.displayName == member.name && entry.status == member.status)
                            #expect(entry.givenMinutes == member.given && entry.receivedMinutes == member.received)
                            #expect(entry.lastSessionAt == member.last)
                            #expect(entry.balanceMinutes == balances[entry.memberID])
                        }
                        for (left, right) in zip(listed, listed.dropFirst()) {
                            #expect(Self.inOrder(left, right, query), "\(left.displayName) before \(right.displayName): \(query)")
                        }
                    }
                }
            }
        }
    }

    /// Whether `left` may come before `right` in `query`'s order (checked independently of the
    /// service's comparator: the key, missing last, then the name without case or accents, then the id).
    static func inOrder(_ left: RosterEntry, _ right: RosterEntry, _ query: RosterQuery) -> Bool {
        func key(_ entry: RosterEntry) -> Int64? {
            switch query.sort {
            case .name: 0
            case .balance: entry.balanceMinutes
            case .given: entry.givenMinutes
            case .received: entry.receivedMinutes
            case .lastSession: entry.lastSessionAt.map { Int64($0.timeIntervalSince1970) }
            }
        }
        switch (key(left), key(right)) {
        case (nil, .some): return false
        case (.some, nil): return true
        case let (l?, r?) where l != r: return query.descending ? l > r : l < r
        default: break
        }
        let fold = { (name: String) in name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let (leftName, rightName) = (fold(left.displayName), fold(right.displayName))
        if leftName != rightName { return (query.sort == .name && query.descending) ? leftName > rightName : leftName < rightName }
        return left.memberID < right.memberID
    }

    // Proves who may read the list: a plain member is refused (403), a member of another network
    // gets 404, an administrator who does not coordinate sees names but no balances (and a network
    // that does not exist is 404, not a failed audit write); a cursor of
    // another order or a too-long search is refused; each page read is one audit event.
    @Test func authorisationLimitsAndAudit() async throws {
        let (world, network, lead, expected) = try await Self.north(seed: 7, sessions: 2)
        defer { world.remove() }
        let member = try #require(expected.values.first { $0.name == "Rae Requester" }).actor
        let south = try await world.network("south-wellbeing")
        let outsider = try await world.member("Otto Outsider", in: south, role: .coordinator)
        let roster = world.domain.roster
        #expect(await refusal { _ = try await roster.roster(member, networkID: network.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await roster.roster(outsider, networkID: network.id) }?.isNotFound == true)

        #expect(await refusal { _ = try await roster.roster(world.admin, networkID: NetworkID(41_993_529_958)) }?.isNotFound == true,
                "an administrator asking for a network that does not exist")
        let asAdmin = try await roster.roster(world.admin, networkID: network.id, page: PageRequest(size: 100))
        #expect(!asAdmin.showsBalances && asAdmin.items.allSatisfy { $0.balanceMinutes == nil } && asAdmin.total == expected.count)

        let first = try await roster.roster(lead, networkID: network.id, RosterQuery(sort: .balance), page: PageRequest(size: 2))
        #expect(first.showsBalances && first.total == expected.count)
        let cursor = try #require(first.nextCursor)
        #expect(await refusal {
            _ = try await roster.roster(lead, networkID: network.id, RosterQuery(sort: .given), page: PageRequest(cursor: cursor, size: 2))
        }?.validationField == "cursor")
        #expect(await refusal {
            _ = try await roster.roster(lead, networkID: network.id, RosterQuery(search: String(repeating: "x", count: 101)))
        }?.validationField == "q")
        let views = try await world.domain.audit.trail(lead, networkID: network.id, page: PageRequest(size: 100)).items
            .filter { $0.action == .networkBalancesViewed && $0.detail == "members list" }
        #expect(views.map(\.actorID) == [world.admin.memberID, lead.memberID])
    }
}
