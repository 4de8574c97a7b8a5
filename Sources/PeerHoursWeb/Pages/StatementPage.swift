import Exchange
import Foundation
import Hummingbird
import Ledger

/// One movement of hours on a member's statement, in their words, with the balance after it.
struct StatementRow: Sendable {
    var sequence: Int64
    var at: Date
    var day: String
    var time: String
    var what: String
    var otherName: String
    var kind: String
    var inMinutes: Int64
    var outMinutes: Int64
    var balanceMinutes: Int64
    var inText: String
    var outText: String
    var balanceText: String
}

/// The statement's movements — what moved hours (posted transfers): a reservation moves none
/// until it is posted, so reservations are listed apart, from the sessions that hold them — with
/// the running balance after each, newest first. Pure.
enum StatementMovements {
    /// (line, balance after it) for each posted line, newest first. An account opens at zero and
    /// only transfers change it, so the balance runs forward from 0 over the lines read from the
    /// first (exact for every line shown, even when a very long statement was cut short).
    static func withBalances(_ lines: [StatementLine]) -> [(StatementLine, Int64)] {
        var balance: Int64 = 0
        var rows: [(StatementLine, Int64)] = []
        for line in lines where line.movesBalance {
            balance += line.direction == .credit ? line.amountMinutes : -line.amountMinutes
            rows.append((line, balance))
        }
        return rows.reversed()
    }
}

/// A statement page: the network's balance and reservations, a page of movements, and the links
/// to older and newer pages, to the other networks' statements and to the CSV.
struct StatementView: Sendable {
    struct NetworkLink: Sendable {
        var name: String
        var path: String
        var current: Bool
    }

    struct Reservation: Sendable {
        var text: String
        var path: String
    }

    var networkName: String
    var title: String
    var balance: String
    var networks: [NetworkLink]
    var hasSeveralNetworks: Bool
    var reservations: [Reservation]
    var hasReservations: Bool
    var rows: [StatementRow]
    var hasRows: Bool
    var olderPath: String?
    var newerPath: String?
    var csvPath: String
    var truncated: Bool
}

extension WebApp {
    static let statementPageSize = 20
    /// Pages of the ledger's statement read at most for one view: 5,000 lines.
    static let statementReadsMax = 50

    /// Everything a statement shows, for the chosen network, read as the member.
    struct StatementSubject {
        var networkID: NetworkID
        var networks: [(id: NetworkID, name: String, slug: String)]
        /// The balance in words (`BalanceWords`).
        var balanceSentence: String
        var rows: [StatementRow]
        var reservations: [StatementView.Reservation]
        var truncated: Bool
    }

    /// `/statement[?network=ID][&before=SEQUENCE]`.
    func showStatement<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let query = request.uri.queryParameters
        var before: Int64?
        if let raw = query.get("before") {
            guard let value = SessionPaths.id(raw) else { throw WebRefusal.notFound }
            before = value
        }
        guard let subject = try await statementSubject(signedIn.actor, network: query.get("network"), visit: visit) else {
            return try await page("statement-none", StatementNone(), visit: visit)
        }
        return try await page("statement", statementView(subject, before: before, words: visit.words), visit: visit)
    }

    /// `/statement.csv[?network=ID]`: every movement, newest first, as a download.
    func statementCSV<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let words = visit.words
        guard let subject = try await statementSubject(signedIn.actor, network: request.uri.queryParameters.get("network"), visit: visit)
        else { throw WebRefusal.notFound }
        let columns = ["statementCSVDate", "statementCSVTime", "statementCSVWhat", "statementCSVWith", "statementCSVKind",
                       "statementCSVInMinutes", "statementCSVOutMinutes", "statementCSVBalanceMinutes",
                       "statementCSVIn", "statementCSVOut", "statementCSVBalance"].map { words[$0] }
        let iso = DateFormatter()
        iso.locale = Locale(identifier: "en_GB_POSIX")
        iso.timeZone = TimeZone(identifier: visit.timeZone) ?? TimeZone(identifier: WhenWords.defaultTimeZone)
        iso.dateFormat = "yyyy-MM-dd"
        let rows = subject.rows.map { row in
            [iso.string(from: row.at), row.time, row.what, row.otherName, row.kind,
             String(row.inMinutes), String(row.outMinutes), String(row.balanceMinutes), row.inText, row.outText, row.balanceText]
        }
        let slug = subject.networks.first { $0.id == subject.networkID }?.slug ?? ""
        let name = slug.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) && !slug.isEmpty
            ? slug : String(subject.networkID.rawValue)
        var response = Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8",
                      .contentDisposition: "attachment; filename=\"peerhours-statement-\(name).csv\""],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: CSVText.encode(columns: columns, rows: rows, neutralisingFormulas: true))))
        setVisitCookies(visit, on: &response)
        return response
    }

    /// The member's networks with an open account (nil: none), the chosen one (`network`, else the
    /// first active), its balance and every line of its statement (pages of 100, at most
    /// `statementReadsMax`), the member's exchanges to name the other person of each session, and
    /// their requests and offers for the kind of support.
    func statementSubject(_ actor: Actor, network raw: String?, visit: Visit) async throws -> StatementSubject? {
        let words = visit.words
        let opened = try await exchange.memberships.memberships(actor, of: actor.memberID).filter { $0.joinedAt != nil }
        let chosen: Membership
        if let raw {
            guard let id = SessionPaths.id(raw), let found = opened.first(where: { $0.networkID.rawValue == id }) else {
                throw WebRefusal.notFound
            }
            chosen = found
        } else {
            guard let first = opened.first(where: \.isActive) ?? opened.first else { return nil }
            chosen = first
        }
        var networks: [(id: NetworkID, name: String, slug: String)] = []
        for membership in opened {
            let network = try await exchange.networks.network(actor, membership.networkID)
            networks.append((network.id, network.name, network.slug))
        }
        let (balance, firstPage) = try await exchange.accounts.statementWithBalance(
            actor, memberID: actor.memberID, networkID: chosen.networkID, page: PageRequest(size: PageRequest.sizeMax))
        var page = firstPage
        var lines = page.items
        var reads = 1
        while let cursor = page.nextCursor, reads < Self.statementReadsMax {
            page = try await exchange.accounts.statement(actor, memberID: actor.memberID, networkID: chosen.networkID,
                                                         page: PageRequest(cursor: cursor, size: PageRequest.sizeMax))
            lines += page.items
            reads += 1
        }
        let mine = try await myExchanges(actor)
        let kinds = try await kindsOfSupport(actor, mine)
        let when = visit.when(now: exchange.now())
        let byID = Dictionary(mine.readings.map { ($0.exchange.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = StatementMovements.withBalances(lines).map { line, after in
            statementRow(line, balanceAfter: after, exchanges: byID, mine: mine, kinds: kinds, words: words, when: when)
        }
        let reservations = mine.inGroup(.needsYou) + mine.inGroup(.upcoming) + mine.inGroup(.past)
        return StatementSubject(
            networkID: chosen.networkID, networks: networks, balanceSentence: BalanceWords.sentence(balance, words: words), rows: rows,
            reservations: reservations.filter {
                [.accepted, .disputed].contains($0.exchange.status)
                    && ($0.isSupporter ? $0.exchange.supporterNetworkID : $0.exchange.networkID) == chosen.networkID
            }.map { reservation($0, name: mine.name($0.otherID, words: words), words: words, when: when) },
            truncated: page.nextCursor != nil)
    }

    /// The kind of support of each exchange, from the member's own requests and offers (one read
    /// each), and — for a session asked for without a request — the other person's offer (one read
    /// per such offer).
    func kindsOfSupport(_ actor: Actor, _ mine: MyExchanges) async throws -> [ExchangeID: String] {
        let requests = try await exchange.requests.myRequests(actor, page: PageRequest(size: PageRequest.sizeMax)).items
        let offers = try await exchange.offers.myOffers(actor, page: PageRequest(size: PageRequest.sizeMax)).items
        let requestKinds = Dictionary(requests.map { ($0.id, $0.details.kind) }, uniquingKeysWith: { first, _ in first })
        var offerKinds = Dictionary(offers.map { ($0.id, $0.details.kinds.first ?? "") }, uniquingKeysWith: { first, _ in first })
        var kinds: [ExchangeID: String] = [:]
        for reading in mine.readings {
            let exchange = reading.exchange
            if let requestID = exchange.requestID, let kind = requestKinds[requestID] {
                kinds[exchange.id] = kind
            } else if let kind = offerKinds[exchange.offerID] {
                kinds[exchange.id] = kind
            } else if let offer = try await readable({ try await self.exchange.offers.offer(actor, exchange.offerID) }) {
                offerKinds[offer.id] = offer.details.kinds.first ?? ""
                kinds[exchange.id] = offerKinds[offer.id]
            }
        }
        return kinds
    }

    func statementRow(_ line: StatementLine, balanceAfter: Int64, exchanges: [ExchangeID: ExchangeReading], mine: MyExchanges,
                      kinds: [ExchangeID: String], words: Words, when: WhenWords) -> StatementRow {
        var what: String, other = "", kind = ""
        switch line.purpose {
        case .exchange(let id):
            if let reading = exchanges[id] {
                other = mine.name(reading.otherID, words: words)
                kind = kinds[id].map(KindWords.text) ?? ""
                what = words.format(line.direction == .credit ? "statementWhat_given" : "statementWhat_received", ["name": other])
            } else {
                what = words["statementWhat_session"]
            }
        case .groupSession: what = words["statementWhat_groupSession"]
        case .welcomeGrant: what = words["statementWhat_welcome"]
        case .other(let code): what = words.messages["statementWhat_" + code] ?? words["statementWhat_other"]
        }
        if let reason = line.correctionReason { what = words.format("statementWhat_correctionWithReason", ["reason": reason]) }
        let credit = line.direction == .credit
        return StatementRow(
            sequence: line.sequence, at: line.at, day: when.day(line.at), time: when.time(line.at), what: what, otherName: other,
            kind: kind, inMinutes: credit ? line.amountMinutes : 0, outMinutes: credit ? 0 : line.amountMinutes,
            balanceMinutes: balanceAfter, inText: credit ? HoursText.text(minutes: line.amountMinutes, words: words) : "",
            outText: credit ? "" : HoursText.text(minutes: line.amountMinutes, words: words),
            balanceText: HoursText.text(minutes: balanceAfter, words: words))
    }

    func reservation(_ reading: ExchangeReading, name: String, words: Words, when: WhenWords) -> StatementView.Reservation {
        let values = ["hours": HoursText.text(minutes: reading.exchange.durationMinutes, words: words), "name": name,
                      "day": when.day(reading.exchange.scheduledStart)]
        return StatementView.Reservation(
            text: words.format(reading.isSupporter ? "statementReservedIn" : "statementReservedOut", values),
            path: SessionPaths.exchange(reading.exchange.id))
    }

    /// One page of the movements, newest first: those older than `before` (a line's sequence).
    func statementView(_ subject: StatementSubject, before: Int64?, words: Words) -> StatementView {
        let rows = subject.rows, size = Self.statementPageSize
        let start = before.map { before in rows.firstIndex { $0.sequence < before } ?? rows.count } ?? 0
        let end = min(start + size, rows.count)
        let base = SessionPaths.statement + "?network=\(subject.networkID.rawValue)"
        let newerStart = max(0, start - size)
        let name = subject.networks.first { $0.id == subject.networkID }?.name ?? ""
        return StatementView(
            networkName: name, title: words.format("statementTitle", ["network": name]),
            balance: subject.balanceSentence,
            networks: subject.networks.map {
                StatementView.NetworkLink(name: $0.name, path: SessionPaths.statement + "?network=\($0.id.rawValue)", current: $0.id == subject.networkID)
            },
            hasSeveralNetworks: subject.networks.count > 1,
            reservations: subject.reservations, hasReservations: !subject.reservations.isEmpty,
            rows: Array(rows[start..<end]), hasRows: start < end,
            olderPath: end < rows.count ? base + "&before=\(rows[end - 1].sequence)" : nil,
            newerPath: start > 0 ? (newerStart == 0 ? base : base + "&before=\(rows[newerStart - 1].sequence)") : nil,
            csvPath: SessionPaths.statementCSV + "?network=\(subject.networkID.rawValue)",
            truncated: subject.truncated)
    }
}

/// The statement page of a member with no open account yet.
struct StatementNone: Sendable {}
