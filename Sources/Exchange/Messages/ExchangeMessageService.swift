import Foundation
import Ledger
import Logging

/// The private message thread of each exchange, between its two parties only: coordinators and
/// administrators cannot read or post (a member of the exchange's network is refused as
/// `.forbidden`, anyone else as `.notFound`, the answers `ExchangeService` gives a stranger, so
/// the thread does not reveal more about the exchange than the exchange itself does). Posting is
/// open while the exchange is proposed, accepted or disputed and for 30 days after it ends
/// (`MessageRules`); reading and marking read stay open. Nothing of a message's text reaches the
/// audit trail, reports, exports or logs: only ids are logged.
public final class ExchangeMessageService: Sendable {
    let context: ServiceContext
    let exchanges: any ExchangeRepository
    let members: any MemberRepository
    let messages: any ExchangeMessageRepository

    init(context: ServiceContext, exchanges: any ExchangeRepository, members: any MemberRepository,
         messages: any ExchangeMessageRepository) {
        self.context = context
        self.exchanges = exchanges
        self.members = members
        self.messages = messages
    }

    /// A party posts `body` (trimmed; `MessageRules.body`). A retry of a keyed post answers the
    /// message the first attempt created; the same key with another request is refused.
    public func post(_ actor: Actor, _ exchangeID: ExchangeID, body: String) async throws -> ExchangeMessage {
        let exchange = try await partyExchange(actor, exchangeID)
        if let earlier = try await context.earlierCreation(actor, .exchangeMessage) {
            guard let message = try await messages.message(ExchangeMessageID(earlier)), message.exchangeID == exchangeID
            else { throw ExchangeError.idempotencyKeyReused }
            return message
        }
        let text = try MessageRules.body(body)
        let now = context.now()
        if let refusal = MessageRules.postingRefusal(exchange, now: now) { throw refusal }
        let draft = ExchangeMessage(id: ExchangeMessageID(0), exchangeID: exchangeID, authorID: actor.memberID,
                                    body: text, postedAt: now)
        let message = try await messages.insertMessage(
            draft, messagesMax: MessageRules.messagesPerExchangeMax,
            keyed: context.creationRecord(actor, .exchangeMessage, at: now),
            full: { MessageRules.fullThreadRefusal(count: $0) },
            notices: [MessageNotices.draft(exchange, authorID: actor.memberID, at: now)])
        context.logger.info("exchange message posted", metadata: [
            "exchange": "\(exchangeID)", "message": "\(message.id)",
        ])
        return message
    }

    /// A page of the thread, oldest first, with both parties' names and read markers.
    public func list(_ actor: Actor, _ exchangeID: ExchangeID, page: PageRequest = PageRequest()) async throws
        -> ExchangeMessagePage
    {
        let exchange = try await partyExchange(actor, exchangeID)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "exchange-messages-\(exchangeID)").map { ExchangeMessageID($0) }
        let fetched = try await messages.messages(exchangeID: exchangeID, afterID: after, limit: size + 1)
        let paged = Cursor.page(fetched, size: size, list: "exchange-messages-\(exchangeID)") { $0.id.rawValue }
        let markers = try await messages.readMarkers(exchangeID: exchangeID)
        let other = exchange.requesterID == actor.memberID ? exchange.supporterID : exchange.requesterID
        var names: [MemberID: String] = [:]
        for member in try await members.members([exchange.requesterID, exchange.supporterID]) {
            names[member.id] = member.profile.displayName
        }
        return ExchangeMessagePage(
            items: paged.items, nextCursor: paged.nextCursor, displayNames: names,
            lastReadMessageID: markers[actor.memberID], otherLastReadMessageID: markers[other])
    }

    /// The party has read the thread up to `messageID` (a message of this exchange): their marker
    /// moves forward to it, never back. Answers the marker as stored.
    public func markRead(_ actor: Actor, _ exchangeID: ExchangeID, upTo messageID: ExchangeMessageID) async throws
        -> ExchangeMessageID
    {
        _ = try await partyExchange(actor, exchangeID)
        guard let message = try await messages.message(messageID), message.exchangeID == exchangeID else {
            throw ExchangeError.invalid("messageID", "must be a message of this exchange")
        }
        return try await messages.markRead(exchangeID: exchangeID, memberID: actor.memberID, upTo: message.id)
    }

    /// Per exchange of the actor's that is still open for messages (unsettled, or ended less than
    /// 30 days ago), how many messages from the other party they have not marked read; exchanges
    /// with none are absent. One query, whatever the number of exchanges.
    public func unreadCounts(_ actor: Actor) async throws -> [ExchangeID: Int] {
        let endedSince = context.now().addingTimeInterval(-MessageRules.postingSecondsAfterEnd)
        return try await messages.unreadMessageCounts(memberID: actor.memberID, endedSince: endedSince)
    }

    /// The exchange when the actor is one of its two parties. Anyone else gets the exchange's own
    /// refusal (`Access.exchangeRefusal`): `.notFound` outside its networks, `.forbidden` inside
    /// them (its coordinators included, who may read the exchange but never its messages).
    /// Administrators are not parties: the same rule holds for them.
    private func partyExchange(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        guard let exchange = try await exchanges.exchange(id) else { throw ExchangeError.notFound("exchange \(id)") }
        if exchange.isParty(actor.memberID) { return exchange }
        throw try await context.access.exchangeRefusal(
            actor, exchange, reason: "only the two parties of an exchange may read or post its messages")
    }
}
