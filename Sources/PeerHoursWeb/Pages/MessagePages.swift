import Exchange
import Foundation
import Hummingbird
import Ledger

/// The message form's fields as posted.
struct MessageForm: Decodable, Sendable {
    var body: String?
    var formKey: String?
    var csrf: String?
}

/// `/sessions/{id}/messages`: the private thread between an exchange's two people.
struct MessagesView: Sendable {
    struct Line: Sendable {
        var id: String
        var author: String
        var mine: Bool
        var when: String
        var body: String
    }

    var heading: String
    var exchangeHref: String
    var privacy: String
    var lines: [Line]
    var hasLines: Bool
    /// Only the latest `shownMax` are drawn unless the member asks for all.
    var earlierHidden: Bool
    var allHref: String
    var open: Bool
    var closedExplanation: String?
    var action: String
    var formKey: String
    var body: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
}

extension WebApp {
    static let messagesShownMax = 50

    func messagesPage<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let id = try exchangeID(context)
        let all = request.uri.queryParameters.get("all") == "1"
        return try await messagesPage(id, signedIn, visit: visit, showAll: all, typed: "", errors: FormErrors())
    }

    /// Posts through the domain as the member, keyed by the form's key (a second submit of the
    /// same form posts once); a mistake comes back at the field with the text kept.
    func postMessage<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(MessageForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let id = try exchangeID(context)
        let text = form.body ?? ""
        var errors = FormErrors()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.add("body", visit.words["messageBodyMissing"])
        } else if trimmed.count > MessageRules.bodyLengthMax {
            errors.add("body", visit.words.format("messageBodyTooLong", ["count": String(trimmed.count)]))
        }
        if errors.isEmpty {
            let path = SessionPaths.messages(id)
            let actor = FormKey.actor(signedIn.actor, formKey: form.formKey, purpose: path, content: trimmed)
            do {
                _ = try await exchange.messages.post(actor, id, body: text)
                return redirect(path + "#latest", visit: visit)
            } catch ExchangeError.validation {
                errors.add("body", visit.words["messageBodyInvalid"])
            } catch ExchangeError.invalidState {
                errors.add("body", visit.words["messageClosedOrFull"])
            } catch ExchangeError.idempotencyKeyReused {
                errors.add("body", visit.words["messageFormReused"])
            }
        }
        return try await messagesPage(id, signedIn, visit: visit, showAll: false, typed: text, errors: errors,
                                      status: .unprocessableContent)
    }

    private func messagesPage(
        _ id: ExchangeID, _ signedIn: Visit.SignedIn, visit: Visit, showAll: Bool, typed: String, errors: FormErrors,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let actor = signedIn.actor, words = visit.words
        // The thread holds at most 500 messages: at most five pages of 100.
        let first = try await exchange.messages.list(actor, id, page: PageRequest(cursor: nil, size: PageRequest.sizeMax))
        var messages = first.items
        var cursor = first.nextCursor
        while let next = cursor {
            let page = try await exchange.messages.list(actor, id, page: PageRequest(cursor: next, size: PageRequest.sizeMax))
            messages += page.items
            cursor = page.nextCursor
        }
        let peer = try await exchange.exchanges.exchange(actor, id)
        let otherID = peer.requesterID == actor.memberID ? peer.supporterID : peer.requesterID
        let otherName = first.displayNames[otherID] ?? words["messageSomeone"]
        if let last = messages.last, last.id != first.lastReadMessageID {
            _ = try await exchange.messages.markRead(actor, id, upTo: last.id)
        }
        let when = visit.when(now: exchange.now())
        let shown = showAll ? messages : Array(messages.suffix(Self.messagesShownMax))
        let lines = shown.enumerated().map { index, message in
            MessagesView.Line(
                id: index == shown.count - 1 ? "latest" : "message-\(message.id.rawValue)",
                author: message.authorID == actor.memberID ? words["messageYou"] : (first.displayNames[message.authorID] ?? otherName),
                mine: message.authorID == actor.memberID,
                when: when.moment(message.postedAt, words: words),
                body: message.body)
        }
        let closesAt = MessageRules.postingClosesAt(peer)
        let open = closesAt.map { exchange.now() < $0 } ?? true
        let path = SessionPaths.messages(id)
        let view = MessagesView(
            heading: words.format("messagesHeading", ["name": otherName]),
            exchangeHref: SessionPaths.exchange(id),
            privacy: words.format("messagesPrivacy", ["name": otherName]),
            lines: lines, hasLines: !lines.isEmpty,
            earlierHidden: shown.count < messages.count, allHref: path + "?all=1",
            open: open && messages.count < MessageRules.messagesPerExchangeMax,
            closedExplanation: open ? (messages.count >= MessageRules.messagesPerExchangeMax ? words["messagesFull"] : nil)
                : words["messagesClosed"],
            action: path, formKey: FormKey.generate(),
            body: FormField("body", words: words, key: "messageBody", value: typed, errors: errors, multiline: true),
            errors: errors.summary(fieldOrder: ["body"]), hasErrors: !errors.isEmpty)
        return try await page("messages", view, visit: visit, status: status)
    }
}
