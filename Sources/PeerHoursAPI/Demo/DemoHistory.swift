import Exchange
import Foundation
import Ledger
import Logging

/// Months of a network's life, seeded on the `HistoryClock` through the domain's own steps: the
/// crowd joins over the first weeks, supporters publish offers, and each week members ask for
/// support and have sessions that both confirm (more each week, as a network grows), with a few
/// group sessions. It ends with what a coordinator should find on their first morning: sessions
/// past their time and unconfirmed, a dispute, requests nobody has taken up, members gone quiet
/// and two people waiting for approval.
struct DemoHistory {
    static let weeks = 16
    static let crowdSize = 38
    static let day: TimeInterval = 86_400
    /// The history starts this long before the machine's time.
    static let span: TimeInterval = TimeInterval(weeks * 7 + 6) * day

    let exchange: ExchangeDomain
    let clock: HistoryClock
    let admin: Actor
    let networkID: NetworkID
    let logger: Logger
    private var random = DemoRandom(seed: 20_261_202)
    private var joinedAt: [(actor: Actor, at: Date)] = []
    private var offers: [(actor: Actor, offer: Offer)] = []
    /// Posted balance as the history has moved it, so nobody is asked to go below the floor.
    private var balances: [MemberID: Int64] = [:]
    private(set) var sessions = 0
    private(set) var skipped = 0

    init(exchange: ExchangeDomain, clock: HistoryClock, admin: Actor, networkID: NetworkID, logger: Logger) {
        self.exchange = exchange
        self.clock = clock
        self.admin = admin
        self.networkID = networkID
        self.logger = logger
    }

    mutating func seed() async throws {
        let start = clock.now
        try await joinCrowd(from: start)
        for week in 0..<Self.weeks {
            let weekStart = start.addingTimeInterval(TimeInterval(week * 7) * Self.day)
            let count = 3 + week * 3 / 4
            for slot in 0..<count {
                clock.move(to: weekStart.addingTimeInterval(TimeInterval(slot) * 7 * Self.day / TimeInterval(count)))
                try await session(completed: true)
            }
            if week % 5 == 3 { try await groupSession() }
            if week == Self.weeks - 2 { try await unmatchedRequests() }
        }
        try await firstMorning()
        logger.info("demo history seeded", metadata: ["sessions": "\(sessions)", "skipped": "\(skipped)"])
    }

    /// The crowd joins a few each week over the first six; one in three offers support.
    private mutating func joinCrowd(from start: Date) async throws {
        for index in 0..<Self.crowdSize {
            clock.move(to: start.addingTimeInterval(TimeInterval(index % 6) * 7 * Self.day + TimeInterval(index) * 60))
            let member = try await exchange.members.createMember(admin, DemoCrowd.profile(index))
            _ = try await exchange.memberships.invite(admin, memberID: member.id, networkID: networkID)
            _ = try await exchange.memberships.activate(member.actor, memberID: member.id, networkID: networkID)
            joinedAt.append((member.actor, clock.now))
            balances[member.id] = NetworkPolicy().welcomeGrantMinutes
            if index % 3 == 0 {
                let kinds = [DemoCrowd.kinds[index % 5], DemoCrowd.kinds[(index / 3 + 2) % 5]]
                let offer = try await exchange.offers.createOffer(member.actor, networkID: networkID, OfferDetails(
                    title: kinds[0].title, kinds: Array(Set(kinds.map(\.kind))).sorted(), topics: kinds[0].topics,
                    availability: DemoContent.anyTime, timeZone: "Europe/London", modes: [.video, .phone], languages: ["en"],
                    capacityHoursPerMonth: 12))
                offers.append((member.actor, offer))
            }
        }
    }

    /// Members who have joined by now (and are not `except`).
    private func joined(except: MemberID? = nil) -> [Actor] {
        let now = clock.now
        return joinedAt.filter { $0.at <= now && $0.actor.memberID != except }.map(\.actor)
    }

    /// One session: a request, a proposal on a supporter's offer starting in three hours,
    /// accepted; when `completed`, the clock moves past it and both confirm.
    @discardableResult
    private mutating func session(completed: Bool, confirmedBySupporter: Bool = false) async throws -> PeerExchange? {
        let available = offers.filter { supporter in joined().contains { $0.memberID == supporter.actor.memberID } }
        guard !available.isEmpty else { return nil }
        let (supporter, offer) = random.pick(available)
        let duration: Int64 = random.pick([45, 60, 60, 90])
        let requesters = joined(except: supporter.memberID).filter {
            (balances[$0.memberID] ?? 0) - duration >= NetworkPolicy().creditFloorMinutes / 2
        }
        guard !requesters.isEmpty else { return nil }
        let requester = random.pick(requesters)
        let kind = random.pick(offer.details.kinds)
        let topics = DemoCrowd.kinds.first { $0.kind == kind }?.topics ?? []
        do {
            let request = try await exchange.requests.createRequest(requester, networkID: networkID, RequestDetails(
                kind: kind, topics: [random.pick(topics)], timeZone: "Europe/London", mode: .video, language: "en",
                durationMinutes: duration, description: "Demo request (invented)."))
            let start = clock.now.addingTimeInterval(3 * 3600).rounded
            let proposed = try await exchange.exchanges.propose(requester, ExchangeProposal(
                offerID: offer.id, requestID: request.id, scheduledStart: start, durationMinutes: duration))
            let accepted = try await exchange.exchanges.accept(supporter, proposed.id)
            guard completed || confirmedBySupporter else { return accepted }
            clock.move(to: start.addingTimeInterval(TimeInterval(duration * 60 + 1800)))
            _ = try await exchange.exchanges.confirm(supporter, accepted.id, minutesGiven: duration)
            guard completed else { return accepted }
            _ = try await exchange.exchanges.confirm(requester, accepted.id, minutesGiven: duration)
            balances[supporter.memberID, default: 0] += duration
            balances[requester.memberID, default: 0] -= duration
            sessions += 1
            return accepted
        } catch let error as ExchangeError {
            // A rule the random draw broke (a supporter's month full, say): that session is not had.
            logger.debug("demo history: a session was refused", metadata: ["error": "\(error)"])
            skipped += 1
            return nil
        }
    }

    /// A reflective practice circle a supporter leads for five members who join; held and marked so.
    private mutating func groupSession() async throws {
        let present = joined().map(\.memberID)
        guard let facilitator = offers.first(where: { present.contains($0.actor.memberID) })?.actor else { return }
        let people = Array(joined(except: facilitator.memberID).shuffledDeterministically(&random).prefix(5))
        let start = clock.now.addingTimeInterval(2 * 3600).rounded
        let circle = try await exchange.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
            networkID: networkID, title: "Reflective practice circle", scheduledStart: start, durationMinutes: 60,
            participantIDs: people.map(\.memberID)))
        for person in people { _ = try await exchange.groupSessions.join(person, circle.id) }
        clock.move(to: start.addingTimeInterval(2 * 3600))
        _ = try await exchange.groupSessions.complete(facilitator, circle.id)
    }

    /// Requests nobody takes up: they wait on the coordinator's follow-up list.
    private mutating func unmatchedRequests() async throws {
        for (index, requester) in joined().suffix(4).enumerated() {
            let kind = DemoCrowd.kinds[index % DemoCrowd.kinds.count]
            _ = try await exchange.requests.createRequest(requester, networkID: networkID, RequestDetails(
                kind: kind.kind, topics: [kind.topics[0]], timeZone: "Europe/London", mode: .video, language: "en",
                description: "Demo request (invented), still waiting."))
        }
    }

    /// The last days before today: three sessions past their time and unconfirmed (one confirmed
    /// by the supporter), one disputed, and two people invited who have not yet been approved.
    private mutating func firstMorning() async throws {
        clock.move(to: clock.now.addingTimeInterval(Self.day))
        for index in 0..<3 { try await session(completed: false, confirmedBySupporter: index == 0) }
        clock.move(to: clock.now.addingTimeInterval(Self.day / 2))
        if let disputed = try await session(completed: false) {
            clock.move(to: disputed.scheduledStart.addingTimeInterval(TimeInterval(disputed.durationMinutes * 60 + 600)))
            let requester = Actor(memberID: disputed.requesterID)
            _ = try await exchange.exchanges.dispute(requester, disputed.id, reason: "The call never connected, so we did not meet.")
        }
        for index in Self.crowdSize..<(Self.crowdSize + 2) {
            let member = try await exchange.members.createMember(admin, DemoCrowd.profile(index))
            _ = try await exchange.memberships.invite(admin, memberID: member.id, networkID: networkID)
        }
    }
}

extension Date {
    /// To the next whole second (the domain schedules sessions on whole seconds).
    fileprivate var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.up)) }
}

extension Array {
    fileprivate func shuffledDeterministically(_ random: inout DemoRandom) -> [Element] {
        var copy = self
        for index in copy.indices.reversed() where index > 0 { copy.swapAt(index, random.below(index + 1)) }
        return copy
    }
}
