import Exchange
import Foundation
import Ledger

/// The private message thread of an exchange, over `Exchange.ExchangeMessageService`: list, post
/// and mark read. Only the exchange's two parties pass the domain's check; a message's text is
/// never logged.
extension APIHandlers {
    func listExchangeMessages(_ input: Operations.ListExchangeMessages.Input) async throws
        -> Operations.ListExchangeMessages.Output
    {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.messages.list(
            actor, ExchangeID(input.path.exchangeID),
            page: ExchangeWire.pageRequest(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(
            items: page.items.map { MessageWire.message($0, names: page.displayNames) }, nextCursor: page.nextCursor,
            lastReadMessageID: page.lastReadMessageID?.rawValue, otherLastReadMessageID: page.otherLastReadMessageID?.rawValue))))
    }

    func postExchangeMessage(_ input: Operations.PostExchangeMessage.Input) async throws -> Operations.PostExchangeMessage.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let posted = try await exchange.messages.post(actor, ExchangeID(input.path.exchangeID), body: body.body)
        return .created(.init(body: .json(MessageWire.message(posted, names: [:]))))
    }

    func markExchangeMessagesRead(_ input: Operations.MarkExchangeMessagesRead.Input) async throws
        -> Operations.MarkExchangeMessagesRead.Output
    {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let marker = try await exchange.messages.markRead(
            actor, ExchangeID(input.path.exchangeID), upTo: ExchangeMessageID(body.messageID))
        return .ok(.init(body: .json(.init(lastReadMessageID: marker.rawValue))))
    }
}

/// Conversions of exchange messages to the wire.
enum MessageWire {
    /// The author's name when `names` holds it (a page's; a posted message answers without one,
    /// so that a replayed response does not depend on a name changed since).
    static func message(_ message: ExchangeMessage, names: [MemberID: String]) -> Components.Schemas.ExchangeMessage {
        .init(
            messageID: message.id.rawValue, exchangeID: message.exchangeID.rawValue, authorID: message.authorID.rawValue,
            authorDisplayName: names[message.authorID], body: message.body, postedAt: message.postedAt)
    }
}
