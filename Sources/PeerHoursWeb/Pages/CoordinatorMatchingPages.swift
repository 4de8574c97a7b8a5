import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/matching`: the network's matching runs, newest first, and the
/// button that starts one for review.
struct CoordinatorMatchingRunsView: Sendable {
    struct Run: Sendable {
        var title: String
        var href: String
        var linkText: String
        var startedBy: String
        var counts: String
        var state: String
    }

    var heading: String
    var homeHref: String
    var startAction: String
    var formKey: String
    var runs: [Run]
    var hasRuns: Bool
    var nextPage: String?
}

/// `/coordinate/networks/{id}/matching/runs/{run}`: a run's proposals by name, with the reasons
/// in words; while it waits for review, a Drop button for each and "Send N proposals".
struct CoordinatorMatchingRunView: Sendable {
    struct Proposal: Sendable {
        var pair: String
        var requester: String
        var supporter: String
        var kind: String
        var topics: String?
        var state: String
        var reasons: [String]
        var hasReasons: Bool
        var dropAction: String?
    }

    var heading: String
    var backHref: String
    var notice: String?
    var refusal: String?
    var isDraft: Bool
    var sentSummary: String?
    var sendAction: String?
    var sendButton: String?
    var nothingToSend: Bool
    var proposals: [Proposal]
    var hasProposals: Bool
}

/// `/coordinate/networks/{id}/matching/requests/{request}`: an open request (kind, topics,
/// urgency, age — never its description) and its suggestions by name with their reasons; the
/// coordinator proposes one.
struct CoordinatorProposeMatchView: Sendable {
    struct Option: Sendable {
        var id: String
        var value: String
        var label: String
        var checked: Bool
        var reasons: [String]
        var reasonsID: String
    }

    var heading: String
    var backHref: String
    var notice: String?
    var refusal: String?
    var requester: String
    var kind: String
    var topics: String?
    var urgency: String
    var age: String
    var action: String
    var formKey: String
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var legend: String
    var hint: String
    var hintID: String
    var error: String?
    var errorID: String
    var describedBy: String
    var options: [Option]
    var hasOptions: Bool
    var openProposals: [String]
    var hasOpenProposals: Bool
}

/// A matching page's POST: its CSRF token (and, for a creation, its form key and chosen offer).
struct MatchingForm: Decodable, Sendable {
    var csrf: String?
    var formKey: String?
    var offer: String?
}

/// What a POST of the propose page leaves to show.
struct ProposeMatchResult: Sendable {
    var offer: String?
    var errors = FormErrors()
    var refusal: String?
}

extension WebApp {
    /// The runs list.
    func coordinatorMatchingRuns<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(actor, networkID)
        let listed = try await listing {
            try await exchange.matching.matchingRuns(actor, networkID: networkID, page: pageRequest(request))
        }
        var runs: [CoordinatorMatchingRunsView.Run] = []
        for run in listed.items { runs.append(try await runLine(run, actor: actor, when: when, words: words)) }
        let path = CoordinatorPaths.matching(networkID)
        let view = CoordinatorMatchingRunsView(
            heading: words.format("coordinateMatchingHeading", ["network": network.name]),
            homeHref: CoordinatorPaths.home(networkID), startAction: path, formKey: FormKey.generate(),
            runs: runs, hasRuns: !runs.isEmpty,
            nextPage: listed.nextCursor.map { ListingPaths.nextPage(path, cursor: $0, query: []) })
        return try await page("coordinate-matching", view, visit: visit)
    }

    private func runLine(_ run: MatchingRunSummary, actor: Actor, when: WhenWords, words: Words) async throws
        -> CoordinatorMatchingRunsView.Run
    {
        var state = words["coordinateMatchingRunWaiting"]
        if let sentAt = run.sentAt {
            let sender = try await optionalName(actor, run.sentByID, words)
            state = words.format("coordinateMatchingRunSent", [
                "when": when.moment(sentAt, words: words), "name": sender, "sent": String(run.sentCount),
                "dropped": String(run.proposalCounts[.dropped] ?? 0), "skipped": String(run.proposalCounts[.skipped] ?? 0),
            ])
        }
        return .init(
            title: words.format("coordinateMatchingRunTitle", ["when": when.moment(run.createdAt, words: words)]),
            href: CoordinatorPaths.matchingRun(run.networkID, run.id),
            linkText: words[run.sentAt == nil ? "coordinateMatchingReviewLink" : "coordinateMatchingOpenLink"],
            startedBy: words.format("coordinateMatchingRunBy", ["name": try await memberName(actor, run.createdByID, words)]),
            counts: words.format("coordinateMatchingRunCounts", [
                "proposals": String(run.proposalCount), "requests": String(run.requestCount),
            ]),
            state: state)
    }

    /// Starts a run for review and shows it (a repeat of the same form shows the same run).
    func coordinatorStartMatchingRun<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn, networkID) = try await matchingPost(request, context: context)
        let actor = FormKey.actor(signedIn.actor, formKey: form.formKey, purpose: "matching-run", content: String(networkID.rawValue))
        let run = try await exchange.matching.runMatching(actor, networkID: networkID, review: true)
        return redirect(CoordinatorPaths.matchingRun(networkID, run.id), visit: visit)
    }

    /// A run's review page; `?done=dropped&proposal=…` or `?done=sent` says what was just done.
    func coordinatorMatchingRun<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let runID = MatchingRunID(try pathID(context, "run"))
        let query = request.uri.queryParameters
        return try await runPage(signedIn, networkID, runID, visit: visit, done: query.get("done").map { String($0) },
                                 proposal: query.get("proposal").flatMap { Int64(String($0)) })
    }

    /// Drops one drafted proposal, then shows the run again.
    func coordinatorDropProposal<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, _, signedIn, networkID) = try await matchingPost(request, context: context)
        let runID = MatchingRunID(try pathID(context, "run"))
        let proposalID = MatchingProposalID(try pathID(context, "proposal"))
        let run = try await networkRun(signedIn.actor, networkID, runID)
        guard run.proposals.contains(where: { $0.id == proposalID }) else { throw WebRefusal.notFound }
        do {
            _ = try await exchange.matching.dropProposal(signedIn.actor, proposalID)
        } catch ExchangeError.conflict {
            return try await runPage(signedIn, networkID, runID, visit: visit, refusal: visit.words["coordinateMatchingNotDrafted"])
        }
        return redirect(CoordinatorPaths.matchingRun(networkID, runID) + "?done=dropped&proposal=\(proposalID.rawValue)",
                        visit: visit)
    }

    /// Sends the run's proposals that are left, then shows what was sent.
    func coordinatorSendMatchingRun<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, _, signedIn, networkID) = try await matchingPost(request, context: context)
        let runID = MatchingRunID(try pathID(context, "run"))
        _ = try await networkRun(signedIn.actor, networkID, runID)
        do {
            _ = try await exchange.matching.sendRun(signedIn.actor, runID)
        } catch ExchangeError.conflict {
            return try await runPage(signedIn, networkID, runID, visit: visit, refusal: visit.words["coordinateMatchingAlreadySent"])
        }
        return redirect(CoordinatorPaths.matchingRun(networkID, runID) + "?done=sent", visit: visit)
    }

    /// A member's name, or "a former member" when there is none to name.
    private func optionalName(_ actor: Actor, _ memberID: MemberID?, _ words: Words) async throws -> String {
        guard let memberID else { return words["coordinateFormerMember"] }
        return try await memberName(actor, memberID, words)
    }

    /// The run when it is the network's (a run of another network is not found here).
    private func networkRun(_ actor: Actor, _ networkID: NetworkID, _ runID: MatchingRunID) async throws -> MatchingRun {
        let run = try await exchange.matching.matchingRun(actor, runID)
        guard run.networkID == networkID else { throw WebRefusal.notFound }
        return run
    }

    private func runPage(_ signedIn: Visit.SignedIn, _ networkID: NetworkID, _ runID: MatchingRunID, visit: Visit,
                         done: String? = nil, proposal: Int64? = nil, refusal: String? = nil) async throws -> Response {
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        _ = try await coordinatedNetwork(actor, networkID)
        let run = try await networkRun(actor, networkID, runID)
        var lines: [CoordinatorMatchingRunView.Proposal] = []
        var names: [MatchingProposalID: (String, String)] = [:]
        for item in run.proposals {
            let line = try await proposalLine(item, actor: actor, words: words)
            names[item.id] = (line.requester, line.supporter)
            lines.append(line)
        }
        let drafted = run.proposals.filter { $0.status == .drafted }.count
        var notice: String?
        if done == "dropped", let proposal, let pair = names[MatchingProposalID(proposal)] {
            notice = words.format("coordinateMatchingDropped", ["requester": pair.0, "supporter": pair.1])
        } else if done == "sent", run.sentAt != nil {
            let skipped = run.proposals.filter { $0.status == .skipped }.count
            notice = words.format("coordinateMatchingSentNotice", [
                "sent": String(run.proposals.filter { MatchingProposalStatus.seenByRequesters.contains($0.status) }.count),
                "skipped": String(skipped),
            ])
        }
        var sentSummary: String?
        if let sentAt = run.sentAt {
            sentSummary = words.format("coordinateMatchingSentSummary", [
                "when": when.moment(sentAt, words: words), "name": try await optionalName(actor, run.sentByID, words),
            ])
        }
        let isDraft = run.sentAt == nil
        let view = CoordinatorMatchingRunView(
            heading: words.format("coordinateMatchingRunHeading", ["when": when.moment(run.createdAt, words: words)]),
            backHref: CoordinatorPaths.matching(networkID), notice: notice, refusal: refusal, isDraft: isDraft,
            sentSummary: sentSummary,
            sendAction: isDraft && drafted > 0 ? CoordinatorPaths.sendMatchingRun(networkID, runID) : nil,
            sendButton: drafted == 1 ? words["coordinateMatchingSendOne"]
                : words.format("coordinateMatchingSendSome", ["count": String(drafted)]),
            nothingToSend: isDraft && drafted == 0 && !run.proposals.isEmpty,
            proposals: lines, hasProposals: !lines.isEmpty)
        return try await page("coordinate-matching-run", view, visit: visit, status: refusal == nil ? .ok : .conflict)
    }

    private func proposalLine(_ item: MatchingProposal, actor: Actor, words: Words) async throws
        -> CoordinatorMatchingRunView.Proposal
    {
        let requester = try await memberName(actor, item.requesterID, words)
        let supporter = try await memberName(actor, item.supporterID, words)
        let request = try await exchange.requests.request(actor, item.requestID)
        let reasons = try await matchReasons(
            OfferSuggestion(offerID: item.offerID, supporterID: item.supporterID, networkID: item.networkID, score: item.score,
                            parts: item.parts, overlapMinutes: 0, longestOverlapMinutes: 0),
            actor: actor, request: request, words: words)
        let state = item.skipReason.map { words["coordinateMatchingSkip_" + $0.rawValue] }
            ?? words["coordinateMatchingStatus_" + item.status.rawValue]
        return .init(
            pair: words.format("coordinateMatchingPair", ["requester": requester, "supporter": supporter]),
            requester: requester, supporter: supporter, kind: ListingWords.kind(request.details.kind, words: words),
            topics: request.details.topics.isEmpty ? nil : ListingWords.topicsText(request.details.topics),
            state: state, reasons: reasons, hasReasons: !reasons.isEmpty,
            dropAction: item.status == .drafted ? CoordinatorPaths.dropProposal(item.networkID, item.runID, item.id) : nil)
    }

    /// The suggestions page's reasons, about the requester (a coordinator reads them); none when
    /// the offer can no longer be read.
    private func matchReasons(_ suggestion: OfferSuggestion, actor: Actor, request: SupportRequest, words: Words) async throws
        -> [String]
    {
        let offer: Offer
        do {
            offer = try await exchange.offers.offer(actor, suggestion.offerID)
        } catch ExchangeError.notFound {
            return []
        }
        let profile = try await supporterProfile(actor, of: suggestion.offerID)
        return SuggestionReasons.reasons(suggestion, offer: offer, request: request, profile: profile, words: words,
                                         voice: "coordinateReason")
    }

    /// A POST of the matching pages, checked before anything is read or done: its CSRF token and
    /// origin (403), then that someone is signed in (403); the network's id from the path.
    private func matchingPost<Context: WebRequestContext>(_ request: Request, context: Context) async throws
        -> (Visit, MatchingForm, Visit.SignedIn, NetworkID)
    {
        let visit = try await visit(request)
        let form = try await decodeForm(MatchingForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        return (visit, form, signedIn, NetworkID(try pathID(context)))
    }
}

extension WebApp {
    /// The propose-a-match page for a waiting request; `?done=proposed&offer=…` after proposing.
    func coordinatorProposeMatchPage<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let requestID = Exchange.RequestID(try pathID(context, "request"))
        let query = request.uri.queryParameters
        let done = query.get("done") == "proposed" ? query.get("offer").flatMap { Int64(String($0)) } : nil
        return try await proposePage(signedIn, networkID, requestID, visit: visit, result: ProposeMatchResult(), proposed: done)
    }

    /// Proposes the chosen suggestion; a missing or stale choice is shown at the field (422).
    func coordinatorProposeMatch<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn, networkID) = try await matchingPost(request, context: context)
        let requestID = Exchange.RequestID(try pathID(context, "request"))
        let words = visit.words
        var result = ProposeMatchResult(offer: form.offer)
        guard let text = form.offer, let offerID = Int64(text), offerID > 0 else {
            result.errors.add("offer", words["coordinateProposeChooseOne"])
            return try await proposePage(signedIn, networkID, requestID, visit: visit, result: result, status: .unprocessableContent)
        }
        _ = try await networkRequest(signedIn.actor, networkID, requestID)
        let actor = FormKey.actor(signedIn.actor, formKey: form.formKey, purpose: "propose-match-\(requestID.rawValue)", content: text)
        do {
            _ = try await exchange.matching.proposeMatch(actor, requestID: requestID, offerID: OfferID(offerID))
        } catch ExchangeError.validation {
            result.errors.add("offer", words["coordinateProposeNotCandidate"])
            return try await proposePage(signedIn, networkID, requestID, visit: visit, result: result, status: .unprocessableContent)
        } catch ExchangeError.conflict {
            result.errors.add("offer", words["coordinateProposeAlreadyOpen"])
            return try await proposePage(signedIn, networkID, requestID, visit: visit, result: result, status: .unprocessableContent)
        } catch ExchangeError.invalidState {
            result.refusal = words["coordinateProposeNotOpen"]
            return try await proposePage(signedIn, networkID, requestID, visit: visit, result: result, status: .conflict)
        }
        return redirect(CoordinatorPaths.proposeMatch(networkID, requestID) + "?done=proposed&offer=\(offerID)", visit: visit)
    }

    /// The request when it is the network's (another network's request is not found here).
    private func networkRequest(_ actor: Actor, _ networkID: NetworkID, _ requestID: Exchange.RequestID) async throws -> SupportRequest {
        _ = try await coordinatedNetwork(actor, networkID)
        let item = try await exchange.requests.request(actor, requestID)
        guard item.networkID == networkID else { throw WebRefusal.notFound }
        return item
    }

    private func proposePage(_ signedIn: Visit.SignedIn, _ networkID: NetworkID, _ requestID: Exchange.RequestID, visit: Visit,
                             result: ProposeMatchResult, proposed: Int64? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = signedIn.actor, words = visit.words
        let item = try await networkRequest(actor, networkID, requestID)
        let requester = try await memberName(actor, item.requesterID, words)
        var refusal = result.refusal
        var options: [CoordinatorProposeMatchView.Option] = []
        var names: [OfferID: String] = [:]
        if item.status == .open {
            let answer = try await exchange.matching.suggestions(actor, requestID, k: MatchingService.suggestionCountDefault)
            for suggestion in answer.suggestions {
                let name = try await memberName(actor, suggestion.supporterID, words)
                names[suggestion.offerID] = name
                let value = String(suggestion.offerID.rawValue)
                let id = options.isEmpty ? FormField.id(for: "offer") : FormField.id(for: "offer") + "-" + value
                options.append(.init(
                    id: id, value: value, label: name, checked: result.offer == value,
                    reasons: try await matchReasons(suggestion, actor: actor, request: item, words: words), reasonsID: id + "-reasons"))
            }
        } else if refusal == nil {
            refusal = words["coordinateProposeNotOpen"]
        }
        let open = try await exchange.matching.proposals(actor, requestID: requestID, page: PageRequest(size: 20)).items
            .filter { MatchingProposalStatus.seenByRequesters.contains($0.status) }
        var openLines: [String] = []
        for proposal in open {
            var name = names[proposal.offerID]
            if name == nil { name = try await memberName(actor, proposal.supporterID, words) }
            names[proposal.offerID] = name
            openLines.append(words.format("coordinateProposeOpenLine", [
                "supporter": name ?? "", "state": words["coordinateMatchingStatus_" + proposal.status.rawValue],
            ]))
        }
        let notice = proposed.flatMap { names[OfferID($0)] }.map {
            words.format("coordinateProposeDone", ["supporter": $0, "requester": requester])
        }
        let fieldID = FormField.id(for: "offer"), error = result.errors.message(for: "offer")
        let view = CoordinatorProposeMatchView(
            heading: words.format("coordinateProposeHeading", ["name": requester]),
            backHref: CoordinatorPaths.followUps(networkID), notice: notice, refusal: refusal, requester: requester,
            kind: ListingWords.kind(item.details.kind, words: words),
            topics: item.details.topics.isEmpty ? nil : ListingWords.topicsText(item.details.topics),
            urgency: words["coordinateUrgency_" + item.details.urgency.rawValue],
            age: Self.daysText(max(0, Int(exchange.now().timeIntervalSince(item.createdAt) / 86_400)), words: words),
            action: CoordinatorPaths.proposeMatch(networkID, requestID), formKey: FormKey.generate(),
            errors: result.errors.summary(fieldOrder: ["offer"]), hasErrors: !result.errors.isEmpty,
            legend: words["coordinateProposeLegend"], hint: words["coordinateProposeHint"], hintID: fieldID + "-hint",
            error: error, errorID: fieldID + "-error",
            describedBy: error == nil ? fieldID + "-hint" : fieldID + "-hint " + fieldID + "-error",
            options: options, hasOptions: !options.isEmpty, openProposals: openLines, hasOpenProposals: !openLines.isEmpty)
        return try await page("coordinate-propose-match", view, visit: visit, status: status)
    }
}
