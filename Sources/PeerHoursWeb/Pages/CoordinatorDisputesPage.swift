import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/disputes`: the network's open disputes by name — both people, the
/// session, who disputed, how long ago, whether the other has given their side — oldest first,
/// 20 a page (`FollowUpService.disputedExchanges`, audited). Never the reasons here.
struct CoordinatorDisputesView: Sendable {
    struct Row: Sendable {
        var people: String
        var href: String
        var when: String
        var disputedBy: String
        var age: String
        var answered: String
    }

    var heading: String
    var homeHref: String
    var rows: [Row]
    var hasRows: Bool
    var nextPage: String?
}

/// `/coordinate/networks/{id}/disputes/{exchange}`: one dispute as a coordinator reviews it —
/// the session's facts (names, kind, when, minutes; never a private description or messages),
/// both people's sides, and the form that resolves it (complete with minutes, or cancel, with a
/// required reason). A coordinator who is one of the two people reads neither side and is told
/// another coordinator decides.
struct CoordinatorDisputeView: Sendable {
    struct Detail: Sendable {
        var label: String
        var value: String
    }

    struct Side: Sendable {
        var heading: String
        var text: String?
        var missing: String?
    }

    var heading: String
    var listHref: String
    var notice: String?
    var refusal: String?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var facts: [Detail]
    var isParty: Bool
    var sides: [Side]
    var outcome: String?
    var resolveAction: String?
    var outcomeChoice: OptionGroup
    var minutes: FormField
    var reason: FormField
}

struct DisputeResolutionForm: Decodable, Sendable {
    var csrf: String?
    var outcome: String?
    var minutes: String?
    var reason: String?
}

/// The home page's "needs you now" entry for disputes: each one a link to its page.
struct CoordinatorDisputesNeed: Sendable {
    struct Item: Sendable {
        var text: String
        var href: String
    }

    var summary: String
    var items: [Item]
    var hasItems: Bool
    var href: String?
    var linkText: String?
    /// The "Run the network" links of this area.
    var disputesHref: String
    var correctionsHref: String
}

extension WebApp {
    static let coordinatorDisputesPageSize = 20

    func coordinatorDisputes<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(actor, networkID)
        let cursor = request.uri.queryParameters.get("cursor").map { String($0) }
        let listed = try await listing {
            try await exchange.followUps.disputedExchanges(
                actor, networkID: networkID, page: PageRequest(cursor: cursor, size: Self.coordinatorDisputesPageSize))
        }
        let path = CoordinatorPaths.disputes(networkID)
        let view = CoordinatorDisputesView(
            heading: words.format("coordinateDisputesHeading", ["network": network.name]),
            homeHref: CoordinatorPaths.home(networkID),
            rows: listed.items.map { item in
                .init(people: words.format("coordinateOverduePeople", ["requester": item.requesterName, "supporter": item.supporterName]),
                      href: CoordinatorPaths.dispute(networkID, item.exchangeID),
                      when: when.span(start: item.scheduledStart, durationMinutes: item.durationMinutes),
                      disputedBy: item.disputedByName,
                      age: item.ageDays == 0 ? words["coordinateDisputeToday"] : Self.daysText(item.ageDays, words: words),
                      answered: words[item.answered ? "coordinateDisputeAnswered" : "coordinateDisputeNotAnswered"])
            },
            hasRows: !listed.items.isEmpty,
            nextPage: listed.nextCursor.map { ListingPaths.nextPage(path, cursor: $0) })
        return try await page("coordinate-disputes", view, visit: visit)
    }

    func coordinatorDispute<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let exchangeID = try Self.exchangePathID(context)
        let resolved = request.uri.queryParameters.get("done") == "resolved"
        return try await disputePage(signedIn, networkID, exchangeID, visit: visit,
                                     notice: resolved ? visit.words["coordinateDisputeResolvedNotice"] : nil)
    }

    /// Resolves through `ExchangeService.resolve` (a coordinator not a party; the domain's rule),
    /// then back to the dispute saying so. Form mistakes at their fields (422, input kept); the
    /// domain's refusals on the page: a party 403, a dispute no longer open or a ledger refusal 409.
    func coordinatorResolveDispute<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(DisputeResolutionForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let networkID = NetworkID(try pathID(context))
        let exchangeID = try Self.exchangePathID(context)
        let words = visit.words
        let disputed = try await exchange.exchanges.disputeForReview(signedIn.actor, exchangeID, networkID: networkID)
        let input = DisputeInput(outcome: form.outcome ?? "", minutes: form.minutes ?? "", reason: form.reason ?? "")
        var errors = FormErrors()
        let resolution = Self.resolution(input, durationMinutes: disputed.durationMinutes, words: words, errors: &errors)
        let reason = Self.reasonText(input.reason, field: "reason", keyPrefix: "coordinateDisputeReason", words: words, errors: &errors)
        guard let resolution, let reason, errors.isEmpty else {
            return try await disputePage(signedIn, networkID, exchangeID, visit: visit, input: input, errors: errors,
                                         status: .unprocessableContent)
        }
        do {
            _ = try await exchange.exchanges.resolve(signedIn.actor, exchangeID, resolution, reason: reason)
        } catch ExchangeError.forbidden {
            return try await disputePage(signedIn, networkID, exchangeID, visit: visit, input: input,
                                         refusal: words["coordinateDisputePartyRefused"], status: .forbidden)
        } catch let error as ExchangeError where Self.isStale(error) {
            return try await disputePage(signedIn, networkID, exchangeID, visit: visit, input: input,
                                         refusal: words["coordinateDisputeResolveRefused"], status: .conflict)
        }
        return redirect(CoordinatorPaths.dispute(networkID, exchangeID) + "?done=resolved", visit: visit)
    }

    struct DisputeInput: Sendable {
        var outcome = "", minutes = "", reason = ""
    }

    /// The outcome chosen: complete with whole minutes (1 to the session's length), or cancel.
    static func resolution(_ input: DisputeInput, durationMinutes: Int64, words: Words,
                           errors: inout FormErrors) -> DisputeResolution? {
        switch input.outcome {
        case "post":
            let text = input.minutes.trimmingCharacters(in: .whitespaces)
            guard text.count <= 6, let minutes = Int64(text), (1...durationMinutes).contains(minutes) else {
                errors.add("minutes", words.format("coordinateDisputeMinutesInvalid", ["max": String(durationMinutes)]))
                return nil
            }
            return .post(minutes: minutes)
        case "void": return .void
        default:
            errors.add("outcome", words["coordinateDisputeOutcomeMissing"])
            return nil
        }
    }

    /// A required reason of at most 500 characters, trimmed (line breaks arrive as LF:
    /// `decodeForm`); its mistakes at `field`.
    static func reasonText(_ text: String, field: String, keyPrefix: String, words: Words, errors: inout FormErrors) -> String? {
        let reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty {
            errors.add(field, words[keyPrefix + "Missing"])
            return nil
        }
        guard reason.count <= ExchangeService.reasonLengthMax else {
            errors.add(field, words.format(keyPrefix + "TooLong", ["max": String(ExchangeService.reasonLengthMax)]))
            return nil
        }
        return reason
    }

    /// The member's side of a dispute from the session page's form (`ExchangeAction.answer`).
    static func disputeText(_ text: String?, input: inout [String: String], errors: inout FormErrors, words: Words) -> String? {
        input["reason"] = text ?? ""
        return reasonText(text ?? "", field: "reason", keyPrefix: "sessionsAnswerReason", words: words, errors: &errors)
    }

    private func disputePage(_ signedIn: Visit.SignedIn, _ networkID: NetworkID, _ exchangeID: ExchangeID, visit: Visit,
                             input: DisputeInput? = nil, notice: String? = nil, refusal: String? = nil,
                             errors: FormErrors = FormErrors(), status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        _ = try await coordinatedNetwork(actor, networkID)
        let disputed = try await exchange.exchanges.disputeForReview(actor, exchangeID, networkID: networkID)
        let requester = try await memberName(actor, disputed.requesterID) ?? words["coordinateFormerMember"]
        let supporter = try await memberName(actor, disputed.supporterID) ?? words["coordinateFormerMember"]
        let names = [disputed.requesterID: requester, disputed.supporterID: supporter]
        let offer = try await readable { try await exchange.offers.offer(actor, disputed.offerID) }
        let isParty = disputed.isParty(actor.memberID)
        let input = input ?? DisputeInput(minutes: String(disputed.durationMinutes))
        let view = CoordinatorDisputeView(
            heading: words.format("coordinateDisputeHeading", ["requester": requester, "supporter": supporter]),
            listHref: CoordinatorPaths.disputes(networkID), notice: notice, refusal: refusal,
            errors: errors.summary(fieldOrder: ["outcome", "minutes", "reason"]), hasErrors: !errors.isEmpty,
            facts: Self.disputeFacts(disputed, names: names, kind: offer?.details.kinds.first, words: words, when: when),
            isParty: isParty,
            sides: isParty ? [] : Self.disputeSides(disputed, names: names, words: words),
            outcome: Self.disputeOutcome(disputed, names: names, words: words),
            resolveAction: disputed.status == .disputed && !isParty ? CoordinatorPaths.resolveDispute(networkID, exchangeID) : nil,
            outcomeChoice: OptionGroup(
                "outcome", legend: words["coordinateDisputeOutcomeLegend"], hint: nil,
                options: [("post", words["coordinateDisputeOutcome_post"]), ("void", words["coordinateDisputeOutcome_void"])],
                checked: [input.outcome], errors: errors),
            minutes: {
                var field = FormField("minutes", words: words, key: "coordinateDisputeMinutes", value: input.minutes, errors: errors)
                field.hint = words.format("coordinateDisputeMinutesHint", ["minutes": String(disputed.durationMinutes)])
                field.describedBy = FormField.describedBy(hint: field.hintID, error: field.error == nil ? nil : field.errorID)
                return field
            }(),
            reason: FormField("reason", words: words, key: "coordinateDisputeReason", value: input.reason, errors: errors,
                              multiline: true))
        return try await page("coordinate-dispute", view, visit: visit, status: status)
    }

    static func disputeFacts(_ exchange: PeerExchange, names: [MemberID: String], kind: String?, words: Words,
                             when: WhenWords) -> [CoordinatorDisputeView.Detail] {
        let detail = { (key: String, value: String) in CoordinatorDisputeView.Detail(label: words[key], value: value) }
        let confirmed = { (minutes: Int64?) in
            minutes.map { HoursText.text(minutes: $0, words: words) } ?? words["coordinateDisputeNotConfirmed"]
        }
        var facts = [
            detail("coordinateDisputeRequester", names[exchange.requesterID] ?? ""),
            detail("coordinateDisputeSupporter", names[exchange.supporterID] ?? ""),
        ]
        if let kind { facts.append(detail("coordinateDisputeKind", KindWords.text(kind))) }
        facts += [
            detail("coordinateDisputeWhen", when.span(start: exchange.scheduledStart, durationMinutes: exchange.durationMinutes)),
            detail("coordinateDisputeLength", HoursText.text(minutes: exchange.durationMinutes, words: words)),
            detail("coordinateDisputeRequesterConfirmed", confirmed(exchange.requesterConfirmedMinutes)),
            detail("coordinateDisputeSupporterConfirmed", confirmed(exchange.supporterConfirmedMinutes)),
            detail("coordinateDisputeBy", exchange.disputedByID.flatMap { names[$0] } ?? ""),
        ]
        if let at = exchange.disputedAt { facts.append(detail("coordinateDisputeSince", when.day(at))) }
        facts.append(detail("coordinateDisputeStatus", words["coordinateDisputeStatus_" + exchange.status.rawValue]))
        return facts
    }

    /// Both people's sides, the one who disputed first.
    static func disputeSides(_ exchange: PeerExchange, names: [MemberID: String], words: Words) -> [CoordinatorDisputeView.Side] {
        guard let disputer = exchange.disputedByID else { return [] }
        let other = disputer == exchange.requesterID ? exchange.supporterID : exchange.requesterID
        let disputerName = names[disputer] ?? "", otherName = names[other] ?? ""
        return [
            .init(heading: words.format("coordinateDisputeSideOf", ["name": disputerName]), text: exchange.disputeReason,
                  missing: exchange.disputeReason == nil ? words["coordinateDisputeNoReason"] : nil),
            .init(heading: words.format("coordinateDisputeSideOf", ["name": otherName]), text: exchange.disputeAnswer,
                  missing: exchange.disputeAnswer == nil ? words.format("coordinateDisputeNoAnswer", ["name": otherName]) : nil),
        ]
    }

    /// How it was resolved, once it was: who, what moved, and the reason (for the coordinators).
    static func disputeOutcome(_ exchange: PeerExchange, names: [MemberID: String], words: Words) -> String? {
        guard exchange.status != .disputed, let resolver = exchange.resolvedByID else { return nil }
        let who = names[resolver] ?? words["coordinateAnotherCoordinator"]
        let outcome = exchange.status == .completed
            ? words.format("coordinateDisputeOutcomeCompleted", [
                "name": who, "hours": HoursText.text(minutes: exchange.settledMinutes ?? 0, words: words),
            ])
            : words.format("coordinateDisputeOutcomeCancelled", ["name": who])
        guard let reason = exchange.resolutionReason else { return outcome }
        return outcome + " " + words.format("coordinateDisputeOutcomeReason", ["reason": reason])
    }

    /// The home page's entry for open disputes: a few, each a link to its page, and the list.
    func disputesNeed(_ actor: Actor, _ networkID: NetworkID, words: Words) async throws -> CoordinatorDisputesNeed {
        let found = try await exchange.followUps.disputedExchanges(
            actor, networkID: networkID, page: PageRequest(size: Self.coordinatorHomeListSize))
        let items = found.items.map { item in
            CoordinatorDisputesNeed.Item(
                text: words.format("coordinateDisputeLine", [
                    "requester": item.requesterName, "supporter": item.supporterName, "name": item.disputedByName,
                    "age": item.ageDays == 0 ? words["coordinateDisputeToday"] : Self.daysText(item.ageDays, words: words),
                ]),
                href: CoordinatorPaths.dispute(networkID, item.exchangeID))
        }
        let need = Self.need("coordinateDisputes", names: items.map(\.text), more: found.nextCursor != nil,
                             href: CoordinatorPaths.disputes(networkID), words: words)
        return CoordinatorDisputesNeed(summary: need.summary, items: items, hasItems: !items.isEmpty, href: need.href,
                                       linkText: need.linkText, disputesHref: CoordinatorPaths.disputes(networkID),
                                       correctionsHref: CoordinatorPaths.corrections(networkID))
    }

    static func exchangePathID<Context: WebRequestContext>(_ context: Context) throws -> ExchangeID {
        guard let value = try positiveID(context.parameters.get("exchange").map { String($0) }) else { throw WebRefusal.notFound }
        return ExchangeID(value)
    }
}
