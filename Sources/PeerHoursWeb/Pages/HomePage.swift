import Exchange
import Foundation
import Hummingbird

/// The home page's model: each network with the balance in words; what needs the member now
/// (proposals to answer, sessions to confirm, disputes), what is coming up, and their open
/// requests and offers.
struct HomeView: Sendable {
    struct NetworkLine: Sendable {
        var name: String
        /// The balance explained ("You have 3 h 20 min. …"); nil until the membership is active.
        var balance: String?
        /// Why there is no balance yet (waiting for approval, suspended, left).
        var status: String?
    }

    struct ListingLine: Sendable {
        var path: String
        var text: String
    }

    var greeting: String
    var networks: [NetworkLine]
    var hasNetworks: Bool
    var needsYou: [ExchangeLine]
    /// Threads with messages the member has not read: "2 new messages from Sam Shah".
    var newMessages: [ListingLine]
    var hasNeedsYou: Bool
    var hasSessionsNeedingYou: Bool
    var upcoming: [ExchangeLine]
    var hasUpcoming: Bool
    var requests: [ListingLine]
    var hasRequests: Bool
    var offers: [ListingLine]
    var hasOffers: Bool
    /// For a wellbeing lead: each of their networks' queues with how many are waiting.
    var wellbeingQueues: [ListingLine] = []
    var hasWellbeingQueues = false

    init(greeting: String, networks: [NetworkLine], needsYou: [ExchangeLine] = [], newMessages: [ListingLine] = [],
         upcoming: [ExchangeLine] = [], requests: [ListingLine] = [], offers: [ListingLine] = []) {
        self.newMessages = newMessages
        self.greeting = greeting
        self.networks = networks
        hasNetworks = !networks.isEmpty
        self.needsYou = needsYou
        hasNeedsYou = !needsYou.isEmpty || !newMessages.isEmpty
        hasSessionsNeedingYou = !needsYou.isEmpty
        self.upcoming = upcoming
        hasUpcoming = !upcoming.isEmpty
        self.requests = requests
        hasRequests = !requests.isEmpty
        self.offers = offers
        hasOffers = !offers.isEmpty
    }
}

extension WebApp {
    /// Reads through the domain's checks as the member: their profile and memberships; per
    /// network its name and their balance; their exchanges (one read per 100) and the name of each
    /// person on the other side of one (one read per person: the domain reads members one at a
    /// time); which of their threads have unread messages (one read); their requests and their
    /// offers (one read each).
    func homePage(_ visit: Visit, _ signedIn: Visit.SignedIn) async throws -> Response {
        let actor = signedIn.actor
        let words = visit.words
        let member = try await exchange.members.member(actor, actor.memberID)
        let mine = try await myExchanges(actor)
        let when = visit.when(now: exchange.now())
        var lines: [HomeView.NetworkLine] = []
        for membership in try await exchange.memberships.memberships(actor, of: actor.memberID) {
            let network = try await exchange.networks.network(actor, membership.networkID)
            var line = HomeView.NetworkLine(name: network.name)
            if membership.isActive, membership.joinedAt != nil {
                let balance = try await exchange.accounts.balance(actor, memberID: actor.memberID, networkID: membership.networkID)
                let reserving = mine.readings.filter {
                    !$0.isSupporter && $0.exchange.networkID == membership.networkID && [.accepted, .disputed].contains($0.exchange.status)
                }.map(\.exchange)
                line.balance = BalanceWords.sentence(balance, reservedBy: reserving, words: words, when: when)
            } else {
                line.status = words["homeMembership_" + membership.status.rawValue]
            }
            lines.append(line)
        }
        func exchangeLines(_ group: ExchangeReading.Group) -> [ExchangeLine] {
            mine.inGroup(group).map { ExchangeLine($0, otherName: mine.name($0.otherID, words: words), words: words, when: when) }
        }
        let unread = try await exchange.messages.unreadCounts(actor)
        let newMessages = mine.readings.filter { unread[$0.exchange.id] != nil }.map { reading in
            let count = unread[reading.exchange.id] ?? 0, name = mine.name(reading.otherID, words: words)
            return HomeView.ListingLine(
                path: SessionPaths.messages(reading.exchange.id),
                text: count == 1 ? words.format("homeNewMessage", ["name": name])
                    : words.format("homeNewMessages", ["count": String(count), "name": name]))
        }
        let requests = try await exchange.requests.myRequests(actor, page: PageRequest(size: PageRequest.sizeMax)).items
            .filter { $0.status == .open }
            .map { HomeView.ListingLine(path: SessionPaths.request($0.id), text: ProposeView.requestLabel($0, words: words, when: when)) }
        let offers = try await exchange.offers.myOffers(actor, page: PageRequest(size: PageRequest.sizeMax)).items
            .filter { $0.status == .active }
            .map { HomeView.ListingLine(path: SessionPaths.offer($0.id), text: $0.details.title) }
        var view = HomeView(
            greeting: words.format("homeGreeting", ["name": member.profile.displayName]), networks: lines,
            needsYou: exchangeLines(.needsYou), newMessages: newMessages, upcoming: exchangeLines(.upcoming), requests: requests, offers: offers)
        view.wellbeingQueues = try await wellbeingQueueLines(signedIn, words: words)
        view.hasWellbeingQueues = !view.wellbeingQueues.isEmpty
        return renderPage("home", view, visit: visit, member: PageRenderer.Chrome.Member(displayName: member.profile.displayName))
    }
}

/// A balance as a person reads it: "You have 3 h 20 min. 1 h is reserved for a session on
/// Tuesday 8 December. You can go down to −10 h." — what they hold (posted), what agreed sessions
/// have set aside (pending, named by the sessions when they account for all of it), and the floor.
enum BalanceWords {
    static func sentence(_ balance: Balance, reservedBy exchanges: [PeerExchange] = [], words: Words, when: WhenWords? = nil) -> String {
        let held = HoursText.text(minutes: balance.postedMinutes, words: words)
        var parts = [words.format(balance.postedMinutes < 0 ? "sessionsBalanceNegative" : "balanceHave", ["hours": held])]
        if balance.pendingMinutes > 0 {
            let reserved = HoursText.text(minutes: balance.pendingMinutes, words: words)
            let accounted = exchanges.reduce(Int64(0)) { $0 + $1.durationMinutes } == balance.pendingMinutes
            if accounted, exchanges.count == 1, let when, let only = exchanges.first {
                parts.append(words.format("sessionsBalanceReservedOne", ["hours": reserved, "day": when.day(only.scheduledStart)]))
            } else if accounted, exchanges.count > 1 {
                parts.append(words.format("sessionsBalanceReservedMany", ["hours": reserved, "count": String(exchanges.count)]))
            } else {
                parts.append(words.format("balanceReserved", ["hours": reserved]))
            }
        }
        parts.append(words.format("balanceFloor", ["hours": HoursText.text(minutes: balance.floorMinutes, words: words)]))
        return parts.joined(separator: " ")
    }
}
