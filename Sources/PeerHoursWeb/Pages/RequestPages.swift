import Exchange
import Foundation
import Hummingbird

/// A request as the pages show it. `description` is what the domain returned: present only
/// for those entitled to read it (the requester, the supporter of an accepted exchange on it).
struct RequestSummary: Sendable {
    var href: String
    var heading: String
    var kind: String
    var topics: String?
    var status: String
    var isClosed: Bool
    var mode: String
    var area: String?
    var language: String
    var duration: String
    var times: [String]
    var hasTimes: Bool
    var timesNote: String
    var excludesOwnOrganisation: Bool
    var description: String?
    var networkName: String?

    init(_ request: SupportRequest, networkName: String?, viewerZone: String, words: Words) {
        let details = request.details
        href = ListingPaths.request(request.id)
        kind = ListingWords.kind(details.kind, words: words)
        heading = details.topics.isEmpty
            ? kind
            : words.format("requestHeading", ["kind": kind, "topics": ListingWords.topicsText(details.topics)])
        topics = details.topics.isEmpty ? nil : ListingWords.topicsText(details.topics)
        status = words["requestStatus_" + request.status.rawValue]
        isClosed = request.status == .closed || request.status == .withdrawn
        mode = ListingWords.mode(details.mode, words: words)
        area = details.area
        language = ListingWords.language(details.language, words: words)
        duration = HoursText.text(minutes: details.durationMinutes, words: words)
        times = ListingWords.times(details.preferredWindows, from: details.timeZone, in: viewerZone, words: words)
        hasTimes = !times.isEmpty
        timesNote = words.format("timesNote", ["zone": viewerZone.replacingOccurrences(of: "_", with: " ")])
        excludesOwnOrganisation = details.excludeOwnOrganisation
        description = details.description
        self.networkName = networkName
    }
}

struct RequestListView: Sendable {
    var requests: [RequestSummary]
    var hasRequests: Bool
    var nextPage: String?
    var newRequestHref = ListingPaths.newRequest

    init(requests: [RequestSummary], nextPage: String?) {
        self.requests = requests
        hasRequests = !requests.isEmpty
        self.nextPage = nextPage
    }
}

struct RequestPageView: Sendable {
    var request: RequestSummary
    var isOwner: Bool
    var canWithdraw: Bool
    var withdrawAction: String
    var suggestionsHref: String?
    var notice: String?
    var descriptionHeading: String

    init(request: SupportRequest, summary: RequestSummary, isOwner: Bool, notice: String?, words: Words) {
        self.request = summary
        self.isOwner = isOwner
        descriptionHeading = words[isOwner ? "requestDescriptionHeading" : "requestDescriptionHeadingOther"]
        canWithdraw = isOwner && request.status == .open
        withdrawAction = ListingPaths.withdrawRequest(request.id)
        suggestionsHref = isOwner && request.status == .open ? ListingPaths.suggestions(request.id) : nil
        self.notice = notice
    }
}

struct WithdrawForm: Decodable, Sendable {
    var csrf: String?
}

extension WebApp {
    func showRequests<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let page = try await listing { try await exchange.requests.myRequests(signedIn.actor, page: pageRequest(request)) }
        let several = try await activeNetworks(signedIn).count > 1
        var summaries: [RequestSummary] = []
        for item in page.items {
            var name: String?
            if several { name = try await networkName(signedIn.actor, of: item) }
            // The list never shows the private description, not even to its writer.
            summaries.append(RequestSummary(item.redacted, networkName: name, viewerZone: viewerZone, words: visit.words))
        }
        let view = RequestListView(
            requests: summaries, nextPage: page.nextCursor.map { ListingPaths.nextPage(ListingPaths.requests, cursor: $0) })
        return try await self.page("requests-list", view, visit: visit)
    }

    func showRequest<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request, preparingForms: true)
        let id = Exchange.RequestID(try pathID(context))
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        return try await requestPage(id, visit: visit, signedIn: signedIn)
    }

    private func requestPage(_ id: Exchange.RequestID, visit: Visit, signedIn: Visit.SignedIn, notice: String? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let item = try await exchange.requests.request(signedIn.actor, id)
        let network = try await networkName(signedIn.actor, of: item)
        let summary = RequestSummary(item, networkName: network, viewerZone: viewerZone, words: visit.words)
        let view = RequestPageView(request: item, summary: summary, isOwner: item.requesterID == signedIn.actor.memberID,
                                   notice: notice, words: visit.words)
        return try await page("requests-show", view, visit: visit, status: status)
    }

    func showNewRequest<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networks = try await activeNetworks(signedIn)
        let kinds = try await exchange.networks.supportKinds(signedIn.actor)
        let view = RequestFormView(values: RequestValues(), networks: networks, kindsInUse: kinds, words: visit.words,
                                   errors: FormErrors())
        return try await page("requests-form", view, visit: visit)
    }

    func createRequest<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(RequestForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let networks = try await activeNetworks(signedIn)
        let kinds = try await exchange.networks.supportKinds(signedIn.actor)
        let values = RequestValues(form)
        var (network, details, errors, invalidRows) = values.details(networks: networks, kindsInUse: kinds, words: visit.words)
        if let network, let details {
            do {
                let created = try await exchange.requests.createRequest(signedIn.actor, networkID: network.id, details)
                return redirect(ListingPaths.request(created.id), visit: visit)
            } catch ExchangeError.validation(let error) {
                let field = RequestValues.field(forDomainField: error.field)
                errors.add(field, visit.words["requestError_" + field])
            }
        }
        let view = RequestFormView(values: values, networks: networks, kindsInUse: kinds, words: visit.words, errors: errors,
                                   invalidRows: invalidRows)
        return try await page("requests-form", view, visit: visit, status: .unprocessableContent)
    }

    /// Withdraws the request (the button on its page, which says what withdrawing means); a
    /// request no longer open is shown again with why nothing changed.
    func withdrawRequest<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(WithdrawForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        let id = Exchange.RequestID(try pathID(context))
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        do {
            _ = try await exchange.requests.withdrawRequest(signedIn.actor, id)
        } catch ExchangeError.invalidState {
            return try await requestPage(id, visit: visit, signedIn: signedIn, notice: visit.words["requestWithdrawNotOpen"],
                                         status: HTTPResponse.Status.conflict)
        }
        return redirect(ListingPaths.request(id), visit: visit)
    }
}
