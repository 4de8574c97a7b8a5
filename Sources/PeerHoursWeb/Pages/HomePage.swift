import Exchange
import Hummingbird

/// The home page's model: the member's networks, each with the balance in words.
struct HomeView: Sendable {
    struct NetworkLine: Sendable {
        var name: String
        /// The balance explained ("You have 3 h 20 min. …"); nil until the membership is active.
        var balance: String?
        /// Why there is no balance yet (waiting for approval, suspended, left).
        var status: String?
    }

    var greeting: String
    var networks: [NetworkLine]
    var hasNetworks: Bool

    init(greeting: String, networks: [NetworkLine]) {
        self.greeting = greeting
        self.networks = networks
        hasNetworks = !networks.isEmpty
    }
}

extension WebApp {
    /// Reads through the domain's checks as the member: their memberships, each network, and
    /// their balance where their account is open.
    func homePage(_ visit: Visit, _ signedIn: Visit.SignedIn) async throws -> Response {
        let actor = signedIn.actor
        let member = try await exchange.members.member(actor, actor.memberID)
        var lines: [HomeView.NetworkLine] = []
        for membership in try await exchange.memberships.memberships(actor, of: actor.memberID) {
            let network = try await exchange.networks.network(actor, membership.networkID)
            var line = HomeView.NetworkLine(name: network.name)
            if membership.isActive, membership.joinedAt != nil {
                let balance = try await exchange.accounts.balance(actor, memberID: actor.memberID, networkID: membership.networkID)
                line.balance = BalanceWords.sentence(balance, words: visit.words)
            } else {
                line.status = visit.words["homeMembership_" + membership.status.rawValue]
            }
            lines.append(line)
        }
        let view = HomeView(greeting: visit.words.format("homeGreeting", ["name": member.profile.displayName]), networks: lines)
        return renderPage("home", view, visit: visit, member: PageRenderer.Chrome.Member(displayName: member.profile.displayName))
    }
}

/// A balance as a person reads it: "You have 3 h 20 min. 1 h is reserved for sessions you have
/// agreed. You can go down to −10 h." — what they hold (posted), what agreed sessions have set
/// aside (pending), and the floor.
enum BalanceWords {
    static func sentence(_ balance: Balance, words: Words) -> String {
        var parts = [words.format("balanceHave", ["hours": HoursText.text(minutes: balance.postedMinutes, words: words)])]
        if balance.pendingMinutes > 0 {
            parts.append(words.format("balanceReserved", ["hours": HoursText.text(minutes: balance.pendingMinutes, words: words)]))
        }
        parts.append(words.format("balanceFloor", ["hours": HoursText.text(minutes: balance.floorMinutes, words: words)]))
        return parts.joined(separator: " ")
    }
}
