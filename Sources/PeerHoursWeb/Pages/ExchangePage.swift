import Exchange
import Foundation
import Hummingbird

/// What an exchange page is built from: the exchange and what names and describes it, each read
/// through the domain as the member.
struct ExchangeSubject: Sendable {
    var exchange: PeerExchange
    var reading: ExchangeReading
    var offer: Offer?
    var request: SupportRequest?
    /// The request's private description: only when the domain lets this member read it.
    var description: String?
    var requesterName: String
    var supporterName: String
    var viewerName: String
    var autoConfirmDays: Int?

    var otherName: String { reading.isSupporter ? requesterName : supporterName }
}

/// The exchange page's model: the details, the status and what happens next, the private
/// description (to its two readers only), and the forms of the actions this member may take now.
/// The page is sections in order — details, next steps, request, actions — so that a messages
/// section can follow the details later without moving anything.
struct ExchangeView: Sendable {
    struct Fact: Sendable {
        var label: String
        var value: String
    }

    struct ActionForm: Sendable {
        var path: String
    }

    var title: String
    var done: String?
    var facts: [Fact]
    var nextSteps: [String]
    var requestPath: String?
    /// The private thread with the other person ("Messages with Sam Shah").
    var messagesPath: String
    var messagesLink: String
    var description: String?
    var descriptionNote: String?
    var hasActions: Bool
    var accept: ActionForm?
    var decline: ActionForm?
    var cancel: ActionForm?
    var confirmPath: String?
    var confirmMinutes: FormField?
    var disputePath: String?
    var disputeReason: FormField?
    var answerPath: String?
    var answerReason: FormField?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool

    /// What `?done=` may name: an action, or the proposal that created the exchange.
    static let doneKeys = Set(ExchangeAction.allCases.map(\.rawValue) + ["proposed"])

    init(_ subject: ExchangeSubject, words: Words, when: WhenWords, done: String? = nil,
         errors: FormErrors = FormErrors(), input: [String: String] = [:], notice: String? = nil) {
        messagesPath = SessionPaths.messages(subject.exchange.id)
        messagesLink = words.format("sessionsMessagesLink", ["name": subject.otherName])
        let exchange = subject.exchange, reading = subject.reading
        title = words.format("sessionsExchangeTitle", ["name": subject.otherName])
        self.done = done.flatMap { Self.doneKeys.contains($0) ? words["sessionsDone_" + $0] : nil }
        let kind = subject.request?.details.kind ?? subject.offer?.details.kinds.first
        facts = [
            Fact(label: words["sessionsFactWith"], value: subject.otherName),
            Fact(label: words["sessionsFactPart"], value: words[reading.isSupporter ? "sessionsPartSupporter" : "sessionsPartRequester"]),
            kind.map { Fact(label: words["sessionsFactKind"], value: KindWords.text($0)) },
            Fact(label: words["sessionsFactWhen"], value: when.span(start: exchange.scheduledStart, durationMinutes: exchange.durationMinutes)),
            Fact(label: words["sessionsFactLength"], value: HoursText.text(minutes: exchange.durationMinutes, words: words)),
            Self.meeting(subject, words: words).map { Fact(label: words["sessionsFactMeet"], value: $0) },
            Fact(label: words["sessionsFactStatus"], value: reading.status(words: words, otherName: subject.otherName)),
        ].compactMap { $0 }
        nextSteps = reading.nextSteps(words: words, when: when, otherName: subject.otherName,
                                      requesterName: subject.requesterName, autoConfirmDays: subject.autoConfirmDays)
        requestPath = exchange.requestID.map(SessionPaths.request)
        description = subject.description
        descriptionNote = Self.descriptionNote(subject, words: words)
        let id = exchange.id
        accept = reading.canAccept ? ActionForm(path: SessionPaths.action(id, .accept)) : nil
        decline = reading.canDecline ? ActionForm(path: SessionPaths.action(id, .decline)) : nil
        cancel = reading.canCancel ? ActionForm(path: SessionPaths.action(id, .cancel)) : nil
        if reading.canConfirm {
            confirmPath = SessionPaths.action(id, .confirm)
            var field = FormField("minutesGiven", words: words, key: "sessionsConfirmMinutes",
                                  value: input["minutesGiven"] ?? String(exchange.durationMinutes), errors: errors)
            field.hint = words.format("sessionsConfirmMinutesHint", ["minutes": String(exchange.durationMinutes)])
            field.describedBy = FormField.describedBy(hint: field.hintID, error: field.error == nil ? nil : field.errorID)
            confirmMinutes = field
        }
        if reading.canDispute {
            disputePath = SessionPaths.action(id, .dispute)
            disputeReason = FormField("reason", words: words, key: "sessionsDisputeReason", value: input["reason"] ?? "",
                                      errors: errors, multiline: true)
        }
        if reading.canAnswer {
            answerPath = SessionPaths.action(id, .answer)
            answerReason = FormField("reason", words: words, key: "sessionsAnswerReason", value: input["reason"] ?? "",
                                     errors: errors, multiline: true)
        }
        hasActions = accept != nil || decline != nil || cancel != nil || confirmPath != nil || disputePath != nil
            || answerPath != nil
        var summary = errors.summary(fieldOrder: ["minutesGiven", "reason"])
        if let notice { summary.insert(FormErrors.SummaryItem(href: "#actions", message: notice), at: 0) }
        self.errors = summary
        hasErrors = !summary.isEmpty
    }

    /// How the two meet, as far as the domain stores it: the request's mode (and area, in person),
    /// or else the ways the offer allows. An exchange has no meeting details of its own.
    static func meeting(_ subject: ExchangeSubject, words: Words) -> String? {
        if let details = subject.request?.details {
            let mode = words["sessionsMode_" + details.mode.rawValue]
            guard details.mode == .inPerson, let area = details.area ?? subject.offer?.details.area else { return mode }
            return words.format("sessionsModeInPersonArea", ["area": area])
        }
        guard let modes = subject.offer?.details.modes, !modes.isEmpty else { return nil }
        return words.format("sessionsModeOffered", ["modes": modes.map { words["sessionsMode_" + $0.rawValue] }.joined(separator: ", ")])
    }

    /// Who can read the private description, said to whoever reads this page.
    static func descriptionNote(_ subject: ExchangeSubject, words: Words) -> String? {
        guard subject.exchange.requestID != nil else { return nil }
        if subject.reading.isSupporter {
            return subject.description == nil
                ? words.format("sessionsDescriptionAfterAccepting", ["name": subject.requesterName])
                : words.format("sessionsDescriptionReadBySupporter", ["name": subject.requesterName])
        }
        guard subject.description != nil else { return nil }
        return subject.exchange.status == .proposed
            ? words.format("sessionsDescriptionReadByRequesterOnly", ["name": subject.supporterName])
            : words.format("sessionsDescriptionReadByRequester", ["name": subject.supporterName])
    }
}

/// The fields of an action's form as posted (each action reads the ones it needs).
struct ExchangeActionForm: Decodable, Sendable {
    var csrf: String?
    var minutesGiven: String?
    var reason: String?
}

extension WebApp {
    /// `/sessions/{id}`: one exchange, to its two people (the domain refuses anyone else: other
    /// members of the network 403, anyone outside it 404).
    func showExchange<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let id = try exchangeID(context)
        let done = request.uri.queryParameters.get("done")
        let subject = try await exchangeSubject(signedIn.actor, id)
        return exchangePage(subject, visit: visit, done: done)
    }

    func exchangeID<Context: WebRequestContext>(_ context: Context) throws -> ExchangeID {
        ExchangeID(try pathID(context))
    }

    func exchangePage(_ subject: ExchangeSubject, visit: Visit, done: String? = nil, errors: FormErrors = FormErrors(),
                      input: [String: String] = [:], notice: String? = nil,
                      status: HTTPResponse.Status = .ok) -> Response {
        let when = visit.when(now: subject.reading.now)
        let view = ExchangeView(subject, words: visit.words, when: when, done: done, errors: errors, input: input, notice: notice)
        return renderPage("sessions-exchange", view, visit: visit,
                          member: PageRenderer.Chrome.Member(displayName: subject.viewerName), status: status)
    }

    /// Reads the exchange (which authorises), its offer, request and description where this
    /// member may read them, both people's names and the network's auto-confirm days: at most
    /// seven reads, whatever the exchange.
    func exchangeSubject(_ actor: Actor, _ id: ExchangeID) async throws -> ExchangeSubject {
        let exchange = try await self.exchange.exchanges.exchange(actor, id)
        guard exchange.isParty(actor.memberID) else {
            // A coordinator who is not a party: their tools are elsewhere; this page is the two people's.
            throw ExchangeError.forbidden("only the two people of an exchange use its page")
        }
        let reading = ExchangeReading(exchange, viewer: actor.memberID, now: self.exchange.now())
        let offer = try await readable { try await self.exchange.offers.offer(actor, exchange.offerID) }
        var request: SupportRequest?, description: String?
        if let requestID = exchange.requestID {
            request = try await readable { try await self.exchange.requests.request(actor, requestID) }
            description = try await readable { try await self.exchange.requests.requestDescription(actor, requestID) } ?? nil
        }
        let requester = try await memberName(actor, exchange.requesterID)
        let supporter = try await memberName(actor, exchange.supporterID)
        let network = try await readable { try await self.exchange.networks.network(actor, exchange.networkID) }
        return ExchangeSubject(
            exchange: exchange, reading: reading, offer: offer, request: request, description: description,
            requesterName: requester ?? "", supporterName: supporter ?? "",
            viewerName: (reading.isSupporter ? supporter : requester) ?? "",
            autoConfirmDays: network?.policy.autoConfirmDays)
    }

    /// A read the page can do without: nil when the domain says this member may not (a partner
    /// network's offer or profile, a description before acceptance).
    func readable<Value>(_ read: () async throws -> Value) async throws -> Value? {
        do {
            return try await read()
        } catch ExchangeError.forbidden, ExchangeError.notFound {
            return nil
        }
    }

    /// A member's display name, or the words for someone this member may not look up (a member
    /// of a partner network).
    func memberName(_ actor: Actor, _ id: MemberID) async throws -> String? {
        try await readable { try await exchange.members.member(actor, id).profile.displayName }
    }

    /// POST `/sessions/{id}/<action>`: CSRF first, then the domain decides; on success back to the
    /// page with a one-line confirmation; a mistake in the form is shown at its field (422); an
    /// action the exchange no longer allows shows the page as it now is, saying so (409).
    func exchangeAction<Context: WebRequestContext>(_ action: ExchangeAction, _ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(ExchangeActionForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let actor = signedIn.actor
        let id = try exchangeID(context)
        var errors = FormErrors()
        var input: [String: String] = [:]
        do {
            switch action {
            case .accept: _ = try await exchange.exchanges.accept(actor, id)
            case .decline: _ = try await exchange.exchanges.decline(actor, id)
            case .cancel: _ = try await exchange.exchanges.cancel(actor, id)
            case .confirm:
                let text = (form.minutesGiven ?? "").trimmingCharacters(in: .whitespaces)
                input["minutesGiven"] = String(text.prefix(20))
                guard let minutes = Int64(text), text.count <= 6 else {
                    errors.add("minutesGiven", visit.words["sessionsConfirmMinutesMissing"])
                    break
                }
                _ = try await exchange.exchanges.confirm(actor, id, minutesGiven: minutes)
            case .dispute:
                let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                input["reason"] = form.reason ?? ""
                if reason.isEmpty { errors.add("reason", visit.words["sessionsDisputeReasonMissing"]); break }
                if reason.count > ExchangeService.reasonLengthMax {
                    errors.add("reason", visit.words.format("sessionsDisputeReasonTooLong", ["count": String(ExchangeService.reasonLengthMax)]))
                    break
                }
                _ = try await exchange.exchanges.dispute(actor, id, reason: reason)
            case .answer:
                guard let reason = Self.disputeText(form.reason, input: &input, errors: &errors, words: visit.words) else { break }
                _ = try await exchange.exchanges.answerDispute(actor, id, reason: reason)
            }
            if errors.isEmpty { return redirect(SessionPaths.exchange(id) + "?done=" + action.rawValue, visit: visit) }
        } catch ExchangeError.validation(let error) where error.field == "minutesGiven" {
            errors.add("minutesGiven", visit.words["sessionsConfirmMinutesRange"])
        } catch ExchangeError.validation(let error) where error.field == "reason" {
            errors.add("reason", visit.words.format("sessionsDisputeReasonTooLong", ["count": String(ExchangeService.reasonLengthMax)]))
        } catch let error as ExchangeError where Self.isStale(error) {
            let subject = try await exchangeSubject(actor, id)
            return exchangePage(subject, visit: visit, notice: Self.staleNotice(error, action: action, subject: subject, words: visit.words),
                                status: .conflict)
        }
        let subject = try await exchangeSubject(actor, id)
        return exchangePage(subject, visit: visit, errors: errors, input: input, status: .unprocessableContent)
    }

    /// The refusals that mean "not now" rather than "not you": the exchange moved on, the time
    /// passed, the requester's hours ran short.
    static func isStale(_ error: ExchangeError) -> Bool {
        switch error {
        case .invalidState, .conflict, .ledgerRefused, .refused, .agreementLimit: true
        case .validation, .forbidden, .notFound, .ledgerAccountRefused, .idempotencyKeyReused: false
        }
    }

    static func staleNotice(_ error: ExchangeError, action: ExchangeAction, subject: ExchangeSubject, words: Words) -> String {
        switch error {
        case .ledgerRefused(.exceedsFloor, _), .refused(.insufficientCredit, _):
            return words.format("sessionsRefusedCredit", ["name": subject.requesterName])
        case .refused(.capacityExhausted, _):
            return words["sessionsRefusedCapacity"]
        case .agreementLimit:
            return words["sessionsRefusedAgreement"]
        default:
            return words["sessionsRefusedNow_" + action.rawValue]
        }
    }
}
