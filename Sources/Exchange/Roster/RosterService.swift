import Foundation
import Ledger

/// A network's members list for its coordinators (administrators too, without balances): every
/// membership with names and figures, filtered by status and by part of a name, sorted by any
/// column (names compare without case or accents), a page at a time. One read of the memberships, one of the network's ledger accounts,
/// and one audit event per page viewed (`network.balances_viewed`, "members list" in detail).
public final class RosterService: Sendable {
    /// The most memberships a list reads; a network larger than this is refused a list (and told
    /// so) rather than shown part of one.
    public static let membershipCountMax = 50_000
    public static let searchLengthMax = 100
    static let ledgerPageSize = 2_000

    let context: ServiceContext
    let roster: any RosterRepository
    let networks: any NetworkRepository

    init(context: ServiceContext, roster: any RosterRepository, networks: any NetworkRepository) {
        self.context = context
        self.roster = roster
        self.networks = networks
    }

    public func roster(_ actor: Actor, networkID: NetworkID, _ query: RosterQuery = RosterQuery(),
                       page: PageRequest = PageRequest()) async throws -> RosterPage {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        // An administrator passes the check above for any id: a network that does not exist is 404.
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
        let showsBalances = try await context.access.isActiveCoordinator(actor, of: networkID)
        let search = query.search?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !search.isEmpty { try Validate.text(search, field: "q", length: 1...Self.searchLengthMax) }
        let size = try Cursor.validSize(page)
        let offset = Int(try Cursor.decode(page.cursor, list: Self.cursorList(query)) ?? 0)

        let facts = try await roster.rosterFacts(networkID: networkID, limit: Self.membershipCountMax + 1)
        guard facts.count <= Self.membershipCountMax else {
            throw ExchangeError.invalidState("the network has more than \(Self.membershipCountMax) members to list")
        }
        let balances = showsBalances ? try await postedBalances(networkID) : [:]
        let needle = Self.folded(search)
        var keyed = facts.compactMap { fact -> (name: String, entry: RosterEntry)? in
            let membership = fact.membership
            if let status = query.status, membership.status != status { return nil }
            let name = Self.folded(fact.displayName)
            if !needle.isEmpty, !name.contains(needle) { return nil }
            return (name, RosterEntry(
                memberID: membership.memberID, displayName: fact.displayName, profession: fact.profession,
                organisation: fact.organisation, status: membership.status, role: membership.role,
                joinedAt: membership.joinedAt, balanceMinutes: balances[membership.ledgerAccountID],
                givenMinutes: fact.givenMinutes, receivedMinutes: fact.receivedMinutes, lastSessionAt: fact.lastSessionAt))
        }
        let inOrder = Self.order(query)
        keyed.sort { inOrder($0.entry, $0.name, $1.entry, $1.name) }
        let entries = keyed.map(\.entry)
        try await context.audit(actor, .networkBalancesViewed, network: networkID, detail: "members list")
        let end = min(offset + size, entries.count)
        let items = offset < entries.count ? Array(entries[offset..<end]) : []
        let next = end < entries.count ? Cursor.encode(list: Self.cursorList(query), position: Int64(end)) : nil
        return RosterPage(items: items, total: entries.count, nextCursor: next, showsBalances: showsBalances)
    }

    /// A cursor belongs to one filter and order: another list refuses it rather than skip rows.
    static func cursorList(_ query: RosterQuery) -> String {
        "roster-\(query.status?.rawValue ?? "all")-\(query.sort.rawValue)-\(query.descending ? "d" : "a")"
    }

    /// Lower case without accents, so "sian" finds "Siân" (and the names sort so too).
    static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The comparison for `query`'s order, given each entry's folded name: the sort key (missing
    /// values last in either direction), then the folded name, then the member id.
    static func order(_ query: RosterQuery) -> @Sendable (RosterEntry, String, RosterEntry, String) -> Bool {
        let descending = query.descending, sort = query.sort
        @Sendable func key(_ entry: RosterEntry) -> Int64? {
            switch sort {
            case .name: nil
            case .balance: entry.balanceMinutes
            case .given: entry.givenMinutes
            case .received: entry.receivedMinutes
            case .lastSession: entry.lastSessionAt.map { Int64($0.timeIntervalSince1970) }
            }
        }
        return { left, leftName, right, rightName in
            if sort != .name {
                switch (key(left), key(right)) {
                case let (l?, r?) where l != r: return descending ? l > r : l < r
                case (.some, .none): return true
                case (.none, .some): return false
                default: break
                }
            }
            if leftName != rightName { return (sort == .name && descending) ? leftName > rightName : leftName < rightName }
            return left.memberID < right.memberID
        }
    }

    /// Posted balance of every account of the network, by account id.
    private func postedBalances(_ networkID: NetworkID) async throws -> [AccountID: Int64] {
        var balances: [AccountID: Int64] = [:]
        var after: AccountID?
        while true {
            let accounts = try await context.ledger.accounts(in: networkID, afterID: after, limit: Self.ledgerPageSize)
            for account in accounts { balances[account.id] = account.postedBalanceMinutes }
            guard accounts.count == Self.ledgerPageSize, let last = accounts.last else { return balances }
            after = last.id
        }
    }
}
