import Crypto
import Exchange
import Foundation
import Hummingbird
import Identity

/// What the proposal pages know: the offer, its supporter's name, the member's requests it can
/// serve, and what has been chosen so far.
struct ProposalSubject: Sendable {
    var offer: Offer
    var supporterName: String
    var requests: [SupportRequest]
    var request: SupportRequest?
    var durationMinutes: Int64?
    var now: Date
    var isOwnOffer: Bool

    /// The lengths offered: the domain allows 15 minutes to 4 hours; these, and the request's own.
    static let durationChoices: [Int64] = [30, 45, 60, 90, 120]

    var durations: [Int64] {
        Array(Set(Self.durationChoices + [request?.details.durationMinutes].compactMap { $0 }.filter { (15...240).contains($0) })).sorted()
    }
}

/// The proposal form in two steps, both usable without a script: first which request and how
/// long (a GET form: nothing changes), then the start times that fit (the POST form that proposes).
struct ProposeView: Sendable {
    var title: String
    var offerTitle: String
    var offerPath: String
    var lead: String
    var notice: String?
    var showNewRequestLink: Bool
    var chooseStep: Bool
    var timeStep: Bool
    var request: OptionGroup?
    var duration: OptionGroup?
    var offerID: String
    var requestID: String
    var durationMinutes: String
    var chosen: String
    var meeting: String?
    var changePath: String
    var start: OptionGroup?
    /// A first message to the supporter, posted to the session's private thread: how to meet (a
    /// video link, a phone number, a place) and anything else to say.
    var message: FormField
    var hasSlots: Bool
    var zoneNote: String?
    var key: String
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool

    init(_ subject: ProposalSubject, words: Words, timeZone: String, key: String, step: Step, selectedStart: String? = nil,
         message: String = "", errors: FormErrors = FormErrors()) {
        self.message = FormField("message", words: words, key: "sessionsProposeMessage", value: message, errors: errors,
                                 multiline: true)
        let offer = subject.offer
        title = words.format("sessionsProposeTitle", ["name": subject.supporterName])
        offerTitle = offer.details.title
        offerPath = SessionPaths.offer(offer.id)
        lead = words.format("sessionsProposeLead", ["name": subject.supporterName, "title": offer.details.title])
        offerID = String(offer.id.rawValue)
        requestID = subject.request.map { String($0.id.rawValue) } ?? ""
        durationMinutes = subject.durationMinutes.map(String.init) ?? ""
        changePath = SessionPaths.new + "?offer=\(offer.id.rawValue)&change=1"
            + (subject.request.map { "&request=\($0.id.rawValue)" } ?? "") + (subject.durationMinutes.map { "&duration=\($0)" } ?? "")
        self.key = key
        let when = WhenWords(timeZone: timeZone, now: subject.now, locale: words.locale)
        showNewRequestLink = false
        chooseStep = false
        timeStep = false
        hasSlots = false
        chosen = ""
        if subject.isOwnOffer {
            notice = words["sessionsProposeOwnOffer"]
        } else if subject.requests.isEmpty {
            notice = words["sessionsProposeNoRequest"]
            showNewRequestLink = true
        }
        if notice == nil, step == .choose {
            chooseStep = true
            request = OptionGroup(
                "request", legend: words["sessionsProposeRequestLegend"], hint: words["sessionsProposeRequestHint"],
                options: subject.requests.map { (String($0.id.rawValue), Self.requestLabel($0, words: words, when: when)) },
                checked: Set([(subject.request ?? subject.requests.first).map { String($0.id.rawValue) }].compactMap { $0 }),
                errors: errors)
            let selectedDuration = subject.durationMinutes ?? subject.request?.details.durationMinutes
                ?? subject.requests.first?.details.durationMinutes ?? 60
            duration = OptionGroup(
                "duration", legend: words["sessionsProposeDurationLegend"], hint: words["sessionsProposeDurationHint"],
                options: subject.durations.map { (String($0), HoursText.text(minutes: $0, words: words)) },
                checked: [String(selectedDuration)], errors: errors)
        }
        if notice == nil, step == .time, let request = subject.request, let minutes = subject.durationMinutes {
            timeStep = true
            chosen = words.format("sessionsProposeChosen", [
                "request": Self.requestLabel(request, words: words, when: when), "hours": HoursText.text(minutes: minutes, words: words),
            ])
            meeting = words.format("sessionsProposeMeeting", ["mode": words["sessionsMode_" + request.details.mode.rawValue]])
            let slotWords = WhenWords(timeZone: offer.details.timeZone, now: subject.now)
            let starts = SessionSlots.starts(offer.details, durationMinutes: minutes, now: subject.now)
            hasSlots = !starts.isEmpty
            if slotWords.zoneIdentifier != when.zoneIdentifier {
                zoneNote = words.format("sessionsProposeZone", ["zone": slotWords.zoneIdentifier])
            }
            start = OptionGroup(
                "start", legend: words["sessionsProposeStartLegend"],
                hint: words.format("sessionsProposeStartHint", ["name": subject.supporterName]),
                options: starts.map { (String(Int64($0.timeIntervalSince1970)), slotWords.span(start: $0, durationMinutes: minutes)) },
                checked: Set([selectedStart].compactMap { $0 }), errors: errors)
        }
        self.errors = errors.summary(fieldOrder: ["request", "duration", "start", "message"])
        hasErrors = !errors.isEmpty
    }

    enum Step: Sendable { case choose, time }

    /// "Peer support about burnout, asked on Tuesday 1 December".
    static func requestLabel(_ request: SupportRequest, words: Words, when: WhenWords) -> String {
        let topics = request.details.topics.map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ")
        return words.format(topics.isEmpty ? "sessionsRequestLabel" : "sessionsRequestLabelTopics", [
            "kind": KindWords.text(request.details.kind), "topics": topics, "day": when.day(request.createdAt),
        ])
    }
}

/// The proposal form's fields as posted.
struct ProposalForm: Decodable, Sendable {
    var csrf: String?
    var key: String?
    var offer: String?
    var request: String?
    var duration: String?
    var start: String?
    var message: String?
}

extension WebApp {
    /// `/sessions/new?offer=ID[&request=ID][&duration=MIN][&change=1]`.
    func showProposal<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let query = request.uri.queryParameters
        guard let offerID = SessionPaths.id(query.get("offer")) else { throw WebRefusal.notFound }
        var subject = try await proposalSubject(signedIn.actor, OfferID(offerID))
        if let raw = query.get("request") {
            guard let requestID = SessionPaths.id(raw) else { throw WebRefusal.notFound }
            subject.request = subject.requests.first { $0.id.rawValue == requestID }
        }
        if let raw = query.get("duration") {
            guard let minutes = Int64(raw), subject.durations.contains(minutes) else { throw WebRefusal.badRequest }
            subject.durationMinutes = minutes
        }
        if subject.request == nil, subject.requests.count == 1, query.get("change") == nil { subject.request = subject.requests.first }
        if subject.durationMinutes == nil { subject.durationMinutes = subject.request?.details.durationMinutes }
        let step: ProposeView.Step = subject.request != nil && query.get("change") == nil ? .time : .choose
        let view = ProposeView(subject, words: visit.words, timeZone: visit.timeZone, key: SecretToken.generate(), step: step)
        return try await page("sessions-propose", view, visit: visit)
    }

    /// The offer (which authorises: an offer of another network the member cannot see is the 404
    /// page), its supporter's name, and the member's open requests of a kind the offer gives.
    func proposalSubject(_ actor: Actor, _ offerID: OfferID) async throws -> ProposalSubject {
        let offer = try await exchange.offers.offer(actor, offerID)
        let supporterName = try await supporterProfile(actor, of: offerID)?.displayName
        let mine = try await exchange.requests.myRequests(actor, page: PageRequest(size: PageRequest.sizeMax)).items
        let suitable = mine.filter { $0.status == .open && offer.details.kinds.contains($0.details.kind) }
        return ProposalSubject(offer: offer, supporterName: supporterName ?? "", requests: suitable, now: exchange.now(),
                               isOwnOffer: offer.supporterID == actor.memberID)
    }

    /// POST `/sessions/new`: proposes through the domain under the form's key (made when the form
    /// was drawn), so a second submission of the same form answers the exchange the first made.
    func propose<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(ProposalForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        guard let offerID = SessionPaths.id(form.offer), let requestID = SessionPaths.id(form.request),
              let key = form.key, SecretToken.isWellFormed(key)
        else { throw WebRefusal.badRequest }
        var subject = try await proposalSubject(signedIn.actor, OfferID(offerID))
        guard let chosenRequest = subject.requests.first(where: { $0.id.rawValue == requestID }) else {
            throw WebRefusal.badRequest
        }
        subject.request = chosenRequest
        guard let minutes = form.duration.flatMap({ Int64($0) }), subject.durations.contains(minutes) else { throw WebRefusal.badRequest }
        subject.durationMinutes = minutes
        var errors = FormErrors()
        let startText = form.start ?? ""
        let start = Int64(startText).flatMap { $0 > 0 && $0 < 32_503_680_000 ? Date(timeIntervalSince1970: TimeInterval($0)) : nil }
        var nextKey = key
        let message = (form.message ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if message.count > MessageRules.bodyLengthMax {
            errors.add("message", visit.words.format("messageBodyTooLong", ["count": String(message.count)]))
        } else if !message.isEmpty, (try? MessageRules.body(message)) == nil {
            errors.add("message", visit.words["messageBodyInvalid"])
        }
        if !errors.isEmpty {
            // Nothing is proposed until the whole form is right.
        } else if let start {
            let proposal = ExchangeProposal(offerID: subject.offer.id, requestID: chosenRequest.id, scheduledStart: start,
                                            durationMinutes: minutes)
            let content = "\(proposal.offerID.rawValue)\u{0}\(proposal.requestID?.rawValue ?? 0)\u{0}"
                + "\(proposal.durationMinutes ?? 0)\u{0}\(Int64(proposal.scheduledStart.timeIntervalSince1970))\u{0}\(message)"
            let actor = FormKey.actor(signedIn.actor, formKey: key, purpose: "proposal", content: content)
            do {
                let proposed = try await exchange.exchanges.propose(actor, proposal)
                if !message.isEmpty {
                    // Keyed by the same form: sending the form again posts it once.
                    let author = FormKey.actor(signedIn.actor, formKey: key, purpose: "proposal-message", content: message)
                    _ = try await exchange.messages.post(author, proposed.id, body: message)
                }
                return redirect(SessionPaths.exchange(proposed.id) + "?done=proposed", visit: visit)
            } catch let error as ExchangeError {
                guard let mistake = Self.proposalMistake(error, subject: subject, words: visit.words) else { throw error }
                errors.add(mistake.field, mistake.message)
                if case .idempotencyKeyReused = error { nextKey = SecretToken.generate() }
            }
        } else {
            errors.add("start", visit.words["sessionsProposeStartMissing"])
        }
        let view = ProposeView(subject, words: visit.words, timeZone: visit.timeZone, key: nextKey, step: .time,
                               selectedStart: String(startText.prefix(20)), message: form.message ?? "", errors: errors)
        return try await page("sessions-propose", view, visit: visit, status: .unprocessableContent)
    }

    /// Where a refusal of the proposal belongs on the form, in words; nil for a refusal that is not
    /// a mistake in it (forbidden, not found: their pages).
    static func proposalMistake(_ error: ExchangeError, subject: ProposalSubject, words: Words) -> (field: String, message: String)? {
        let name = ["name": subject.supporterName]
        switch error {
        case .refused(.outsideAvailability, _): return ("start", words.format("sessionsProposeOutside", name))
        case .refused(.capacityExhausted, _): return ("start", words.format("sessionsProposeCapacity", name))
        case .refused(.insufficientCredit, _): return ("duration", words["sessionsProposeCredit"])
        case .refused(.openProposalExists, _): return ("request", words.format("sessionsProposeOpenExists", name))
        case .agreementLimit: return ("start", words["sessionsRefusedAgreement"])
        case .validation(let mistake) where mistake.field == "scheduledStart": return ("start", words["sessionsProposeStartPast"])
        case .validation(let mistake) where mistake.field == "durationMinutes": return ("duration", words["sessionsProposeDurationRange"])
        case .validation, .invalidState, .ledgerRefused, .conflict: return ("request", words.format("sessionsProposeNotNow", name))
        case .idempotencyKeyReused: return ("start", words["sessionsProposeKeyReused"])
        case .forbidden, .notFound, .ledgerAccountRefused: return nil
        }
    }
}
