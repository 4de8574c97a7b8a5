import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import TestSupport
import Testing

/// An exchange between two members of one network, with the network's coordinator and a third
/// member who are not parties to it.
private struct Thread: Sendable {
    let world: World
    let network: Network
    let requester: Actor
    let supporter: Actor
    let coordinator: Actor
    let stranger: Actor
    let exchange: PeerExchange

    static func make() async throws -> Thread {
        let world = try await World()
        let network = try await world.network("north")
        let requester = try await world.member("Rita Requester", in: network)
        let supporter = try await world.member("Sam Supporter", in: network)
        let coordinator = try await world.member("Cora Coordinator", in: network, role: .coordinator)
        let stranger = try await world.member("Tess Third", in: network)
        let offer = try await world.offer(supporter, in: network)
        let exchange = try await world.acceptedExchange(requester, supporter, offer: offer)
        return Thread(world: world, network: network, requester: requester, supporter: supporter,
                      coordinator: coordinator, stranger: stranger, exchange: exchange)
    }

    var messages: ExchangeMessageService { world.domain.messages }

    /// The actor with an Idempotency-Key (of the same request each time for one key).
    func keyed(_ actor: Actor, key: String, request: String) -> Actor {
        var keyed = actor
        keyed.operationKey = OperationKey(keyHash: Data(SHA256Bytes.of("\(actor.memberID)-\(key)")),
                                          requestHash: Data(SHA256Bytes.of(request)))
        return keyed
    }
}

/// 32 bytes standing for a digest (the domain only compares them).
private enum SHA256Bytes {
    static func of(_ text: String) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        for (index, byte) in text.utf8.enumerated() { bytes[index % 32] = bytes[index % 32] &* 31 &+ byte }
        bytes[31] = UInt8(truncatingIfNeeded: text.utf8.count)
        return bytes
    }
}

@Suite struct ExchangeMessageTests {
    /// Proves the happy path: both parties post and read one thread, oldest first, each message
    /// with its author, the domain clock's time and its trimmed text, and both parties' names.
    @Test func bothPartiesPostAndRead() async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        let first = try await thread.messages.post(thread.requester, thread.exchange.id, body: "  Is Tuesday still good?\n")
        thread.world.clock.advance(seconds: 90)
        let second = try await thread.messages.post(thread.supporter, thread.exchange.id, body: "Yes —\tsee you then.")
        #expect(first.body == "Is Tuesday still good?" && first.authorID == thread.requester.memberID)
        #expect(first.postedAt == thread.world.now.addingTimeInterval(-90))
        #expect(second.postedAt == thread.world.now && second.authorID == thread.supporter.memberID)
        for reader in [thread.requester, thread.supporter] {
            let page = try await thread.messages.list(reader, thread.exchange.id)
            #expect(page.items == [first, second])
            #expect(page.nextCursor == nil)
            #expect(page.displayNames == [thread.requester.memberID: "Rita Requester", thread.supporter.memberID: "Sam Supporter"])
        }
    }

    /// Proves only the two parties read, post or mark read: another member of the network and
    /// its coordinator are refused as forbidden (they may know the exchange exists), the
    /// administrator (a member of no network) and a member of another network as not found,
    /// as the exchange itself answers them; an exchange that does not exist is not found.
    @Test func nobodyButThePartiesReadsOrPosts() async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        let message = try await thread.messages.post(thread.requester, thread.exchange.id, body: "private")
        let elsewhere = try await thread.world.network("south")
        let outsider = try await thread.world.member("Olly Outsider", in: elsewhere)
        #expect(await refusal { _ = try await thread.world.domain.exchanges.exchange(outsider, thread.exchange.id) }?.isNotFound == true)
        let refusedAs: [(Actor, Bool)] = [
            (thread.stranger, true), (thread.coordinator, true), (thread.world.admin, false), (outsider, false),
        ]
        for (actor, forbidden) in refusedAs {
            let list = await refusal { _ = try await thread.messages.list(actor, thread.exchange.id) }
            let post = await refusal { _ = try await thread.messages.post(actor, thread.exchange.id, body: "hello") }
            let mark = await refusal { _ = try await thread.messages.markRead(actor, thread.exchange.id, upTo: message.id) }
            for error in [list, post, mark] {
                #expect(forbidden ? error?.isForbidden == true : error?.isNotFound == true, "\(actor.memberID): \(String(describing: error))")
            }
        }
        #expect(await refusal { _ = try await thread.messages.list(thread.requester, ExchangeID(999)) }?.isNotFound == true)
        #expect(try await thread.messages.list(thread.supporter, thread.exchange.id).items.count == 1)
    }

    /// Proves the body's limits: empty or blank, over 2000 characters (counted as Characters:
    /// 2000 emoji pass), over 12 000 code points (2000 letters under seven combining marks
    /// each), and control characters other than newline and tab are refused naming `body`;
    /// nothing refused is stored.
    @Test(arguments: [
        ("", false), ("   \n\t ", false), (String(repeating: "a", count: 2001), false), ("bell\u{07}", false),
        ("carriage\rreturn", false), ("nul\u{0}", false), ("escape\u{1B}[0m", false),
        (String(repeating: "a", count: 2000), true), (String(repeating: "👩🏽‍⚕️", count: 2000), true),
        ("line one\nline two\ttabbed", true),
        (String(repeating: "a\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}", count: 2000), false),
    ])
    func bodyLimits(body: String, accepted: Bool) async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        if accepted {
            let message = try await thread.messages.post(thread.requester, thread.exchange.id, body: body)
            #expect(message.body == body)
        } else {
            let error = await refusal { _ = try await thread.messages.post(thread.requester, thread.exchange.id, body: body) }
            #expect(error?.validationField == "body")
            #expect(try await thread.messages.list(thread.requester, thread.exchange.id).items.isEmpty)
        }
    }

    /// Proves a thread holds at most 500 messages: the 501st is refused with a clear error and
    /// not stored.
    @Test func aThreadHoldsFiveHundredMessages() async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        for index in 0..<MessageRules.messagesPerExchangeMax {
            _ = try await thread.messages.post(index % 2 == 0 ? thread.requester : thread.supporter, thread.exchange.id,
                                              body: "message \(index)")
        }
        let error = await refusal { _ = try await thread.messages.post(thread.supporter, thread.exchange.id, body: "one more") }
        #expect(error?.isInvalidState == true)
        #expect("\(String(describing: error))".contains("at most 500 messages"))
        var count = 0
        var cursor: String?
        repeat {
            let page = try await thread.messages.list(thread.requester, thread.exchange.id, page: PageRequest(cursor: cursor, size: 100))
            count += page.items.count
            cursor = page.nextCursor
        } while cursor != nil
        #expect(count == 500)
    }

    /// Proves pagination: pages of `size` in posting order, the cursor continuing where the last
    /// page ended, the last page without a cursor; a cursor of another exchange's thread or a size
    /// outside 1…100 is refused.
    @Test func pagination() async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        var posted: [ExchangeMessage] = []
        for index in 0..<7 {
            posted.append(try await thread.messages.post(thread.requester, thread.exchange.id, body: "m\(index)"))
        }
        var seen: [ExchangeMessage] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await thread.messages.list(thread.supporter, thread.exchange.id, page: PageRequest(cursor: cursor, size: 3))
            seen += page.items
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil
        #expect(seen == posted && pages == 3)
        let first = try await thread.messages.list(thread.supporter, thread.exchange.id, page: PageRequest(size: 3))
        let otherOffer = try await thread.world.offer(thread.requester, in: thread.network, title: "Coaching for leads")
        let other = try await thread.world.propose(thread.supporter, offer: otherOffer)
        #expect(await refusal {
            _ = try await thread.messages.list(thread.supporter, other.id, page: PageRequest(cursor: first.nextCursor, size: 3))
        }?.validationField == "cursor")
        #expect(await refusal {
            _ = try await thread.messages.list(thread.supporter, thread.exchange.id, page: PageRequest(size: 101))
        }?.validationField == "pageSize")
    }

    /// Proves read markers and unread counts: each party's marker moves forward only, counts
    /// only the other party's messages after it, and a member's counts cover their open
    /// exchanges in one call (exchanges with nothing unread are absent); a message of another
    /// exchange is not a marker.
    @Test func readMarkersAndUnreadCounts() async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        let (requester, supporter, id) = (thread.requester, thread.supporter, thread.exchange.id)
        let otherOffer = try await thread.world.offer(thread.stranger, in: thread.network, title: "Coaching for leads")
        let second = try await thread.world.propose(requester, offer: otherOffer)
        #expect(try await thread.messages.unreadCounts(requester).isEmpty)

        let m1 = try await thread.messages.post(supporter, id, body: "one")
        let m2 = try await thread.messages.post(supporter, id, body: "two")
        _ = try await thread.messages.post(requester, id, body: "mine")
        _ = try await thread.messages.post(thread.stranger, second.id, body: "other thread")
        #expect(try await thread.messages.unreadCounts(requester) == [id: 2, second.id: 1])
        #expect(try await thread.messages.unreadCounts(supporter) == [id: 1])

        #expect(try await thread.messages.markRead(requester, id, upTo: m2.id) == m2.id)
        #expect(try await thread.messages.markRead(requester, id, upTo: m1.id) == m2.id)  // never back
        #expect(try await thread.messages.unreadCounts(requester) == [second.id: 1])
        let page = try await thread.messages.list(supporter, id)
        #expect(page.lastReadMessageID == nil && page.otherLastReadMessageID == m2.id)
        let secondMessage = try await thread.messages.list(requester, second.id).items[0]
        #expect(await refusal { _ = try await thread.messages.markRead(requester, id, upTo: secondMessage.id) }?
            .validationField == "messageID")
    }

    /// Proves when posting is open: while the exchange is proposed, accepted (after the session
    /// too) or disputed, and for 30 days after it ends; on the 30th day's last second the post
    /// lands, at 30 days it is refused, and the thread stays readable. An ended exchange older
    /// than 30 days drops out of the unread counts.
    @Test func postingClosesThirtyDaysAfterTheEnd() async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        let world = thread.world
        world.advance(hours: 26)  // after the session: awaiting confirmation
        _ = try await thread.messages.post(thread.requester, thread.exchange.id, body: "thank you")
        let cancelled = try await world.domain.exchanges.cancel(thread.supporter, thread.exchange.id)
        #expect(cancelled.status == .cancelled)
        #expect(MessageRules.postingClosesAt(cancelled) == cancelled.updatedAt.addingTimeInterval(30 * 86_400))
        world.clock.advance(seconds: 30 * 86_400 - 1)
        _ = try await thread.messages.post(thread.supporter, thread.exchange.id, body: "take care")
        #expect(try await thread.messages.unreadCounts(thread.requester) == [thread.exchange.id: 1])
        world.clock.advance(seconds: 1)
        let error = await refusal { _ = try await thread.messages.post(thread.requester, thread.exchange.id, body: "late") }
        #expect(error?.isInvalidState == true)
        #expect(try await thread.messages.list(thread.requester, thread.exchange.id).items.map(\.body) == ["thank you", "take care"])
        world.clock.advance(seconds: 1)
        #expect(try await thread.messages.unreadCounts(thread.requester).isEmpty)
    }

    /// Proves keyed posts: a retry with the same key and request answers the first message and
    /// stores no other; the same key with another request is refused.
    @Test func keyedRetryAnswersTheSameMessage() async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        let actor = thread.keyed(thread.requester, key: "k1", request: "POST hello")
        let first = try await thread.messages.post(actor, thread.exchange.id, body: "hello")
        let retry = try await thread.messages.post(actor, thread.exchange.id, body: "hello")
        #expect(retry == first)
        let other = thread.keyed(thread.requester, key: "k1", request: "POST goodbye")
        #expect(await refusal { _ = try await thread.messages.post(other, thread.exchange.id, body: "goodbye") } == .idempotencyKeyReused)
        #expect(try await thread.messages.list(thread.requester, thread.exchange.id).items == [first])
    }

    /// Proves concurrent posts: 20 tasks posting at once (half from each party, each with its own
    /// key, and each retried once at the same time) all land exactly once, in id order with
    /// non-decreasing times.
    @Test func concurrentPostsLandOnceEach() async throws {
        let thread = try await Thread.make()
        defer { thread.world.remove() }
        let posted = try await withThrowingTaskGroup(of: ExchangeMessage.self) { group in
            for index in 0..<20 {
                for _ in 0..<2 {
                    group.addTask {
                        let party = index % 2 == 0 ? thread.requester : thread.supporter
                        let actor = thread.keyed(party, key: "post-\(index)", request: "POST \(index)")
                        return try await Self.postRetryingConflict(thread, actor, body: "message \(index)")
                    }
                }
            }
            return try await group.reduce(into: [ExchangeMessage]()) { $0.append($1) }
        }
        let stored = try await thread.messages.list(thread.requester, thread.exchange.id, page: PageRequest(size: 100)).items
        #expect(stored.count == 20)
        #expect(Set(stored.map(\.body)) == Set((0..<20).map { "message \($0)" }))
        #expect(Set(posted.map(\.id)) == Set(stored.map(\.id)))
        #expect(stored.map(\.id.rawValue) == stored.map(\.id.rawValue).sorted())
        #expect(zip(stored, stored.dropFirst()).allSatisfy { $0.postedAt <= $1.postedAt })
    }

    /// Two attempts under one key at the same instant: the loser of the key's record is told of a
    /// conflict, and its retry (as a client's would) answers the winner's message.
    private static func postRetryingConflict(_ thread: Thread, _ actor: Actor, body: String) async throws -> ExchangeMessage {
        do {
            return try await thread.messages.post(actor, thread.exchange.id, body: body)
        } catch ExchangeError.conflict {
            return try await thread.messages.post(actor, thread.exchange.id, body: body)
        }
    }

    /// Proves a message's text reaches no one else: not the audit trail (posting records
    /// nothing there), not the exchange as its coordinator reads it, not any report table or
    /// export of the network.
    @Test func messagesStayOutOfAuditExchangeAndReports() async throws {
        let scenario = try await ReportScenario.make(seed: 5, exchanges: 8)
        defer { scenario.remove() }
        let world = scenario.world
        let domain = ExchangeDomain(store: world.store, ledger: world.ledger, clock: world.clock, reportStore: scenario.reports)
        let supporter = scenario.members[0]
        let requester = scenario.members[1]
        let offer = try await world.offer(supporter, in: scenario.network, title: "Private thread offer")
        let exchange = try await world.acceptedExchange(requester, supporter, offer: offer)
        let secret = "SECRET-night-shift-worries-\(UUID().uuidString)"
        let auditBefore = try await world.store.auditEvents(networkID: nil, afterID: nil, limit: 10_000)
        _ = try await domain.messages.post(requester, exchange.id, body: secret)
        _ = try await domain.messages.post(supporter, exchange.id, body: "Re: \(secret)")
        let auditAfter = try await world.store.auditEvents(networkID: nil, afterID: nil, limit: 10_000)
        #expect(auditAfter == auditBefore)

        let seenByCoordinator = try await domain.exchanges.exchange(scenario.coordinator, exchange.id)
        #expect(!"\(seenByCoordinator)".contains(secret))
        let report = try await domain.reports.report(scenario.coordinator, networkID: scenario.network.id, from: nil, to: nil)
        #expect(!"\(report)".contains(secret))
        for table in ReportTableName.allCases {
            let exported = try await domain.reports.export(scenario.coordinator, networkID: scenario.network.id, table: table,
                                                           from: nil, to: nil)
            #expect(!"\(exported)".contains(secret) && !"\(exported)".contains("SECRET"))
        }
        let audit = try await domain.audit.trail(scenario.coordinator, networkID: scenario.network.id, page: PageRequest(size: 100))
        #expect(!"\(audit)".contains(secret))
    }
}
