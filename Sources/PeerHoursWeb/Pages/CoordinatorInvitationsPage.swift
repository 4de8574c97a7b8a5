import Exchange
import Foundation
import Ledger
import Hummingbird
import Identity
import Onboarding

/// `/coordinate/networks/{id}/invitations`: invite one address or a pasted list, see the
/// network's invitations by state, resend or revoke one. Each invitation is emailed to its
/// address (the outbox row commits with it); the coordinator never sees or hands on its link.
struct CoordinatorInvitationsView: Sendable {
    struct Outcome: Sendable {
        var email: String
        var text: String
    }

    struct Filter: Sendable {
        var label: String
        var href: String
        var isCurrent: Bool
    }

    struct Row: Sendable {
        var email: String
        var state: String
        var invitedBy: String
        var sent: String
        var expires: String
        var resendAction: String?
        var revokeAction: String?
    }

    var heading: String
    var homeHref: String
    var action: String
    var formKey: String
    var emails: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    /// Why a resend or revoke could not be done (the invitation was accepted meanwhile).
    var refusal: String?
    var notice: String?
    var outcomes: [Outcome]
    var hasOutcomes: Bool
    var filters: [Filter]
    var rows: [Row]
    var hasRows: Bool
    var nextPage: String?
}

/// What a POST leaves to show above the list.
struct CoordinatorInvitationsResult: Sendable {
    var emails = ""
    var errors = FormErrors()
    var refusal: String?
    var notice: String?
    var outcomes: [CoordinatorInvitationsView.Outcome] = []
}

struct InviteForm: Decodable, Sendable {
    var csrf: String?
    var formKey: String?
    var emails: String?
}

/// Which way an invitation's button goes (the last part of its path).
enum InvitationAction: String, CaseIterable, Sendable {
    case resend, revoke
}

extension WebApp {
    func coordinatorInvitations<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let state = try Self.invitationState(request)
        return try await invitationsPage(signedIn, networkID, state: state, page: pageRequest(request), visit: visit,
                                         result: CoordinatorInvitationsResult())
    }

    /// Invites each address of the pasted list (one a line, or separated by commas); each
    /// invitation is emailed, and the page comes back with each address's outcome in words.
    func coordinatorInvite<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn, networkID) = try await invitationPost(request, context: context)
        let words = visit.words
        let text = form.emails ?? ""
        let emails = Self.addresses(text)
        var result = CoordinatorInvitationsResult(emails: text)
        guard (1...IdentityService.invitationBatchMax).contains(emails.count) else {
            _ = try await coordinatedNetwork(signedIn.actor, networkID)
            result.errors.add("emails", words.format(emails.isEmpty ? "coordinateInviteNone" : "coordinateInviteTooMany",
                                        ["max": String(IdentityService.invitationBatchMax)]))
            return try await invitationsPage(signedIn, networkID, state: nil, page: PageRequest(), visit: visit, result: result,
                                             status: .unprocessableContent)
        }
        let actor = FormKey.actor(signedIn.actor, formKey: form.formKey, purpose: "invitations", content: emails.joined(separator: "\n"))
        let items = try await networkInvitations.inviteMany(actor, networkID: networkID, emails: emails)
        var invited = 0
        for item in items {
            result.outcomes.append(.init(email: item.email, text: Self.outcomeText(item.outcome, words: words)))
            if case .invited = item.outcome { invited += 1 }
        }
        result.emails = ""
        result.notice = words.format("coordinateInvited", ["count": String(invited), "total": String(items.count)])
        return try await invitationsPage(signedIn, networkID, state: nil, page: PageRequest(), visit: visit, result: result)
    }

    /// Resend (a new link emailed, the earlier ones revoked) or revoke one invitation; the page
    /// comes back with a confirmation.
    func coordinatorInvitationAction<Context: WebRequestContext>(_ action: InvitationAction, _ request: Request, context: Context)
        async throws -> Response
    {
        let (visit, form, signedIn, networkID) = try await invitationPost(request, context: context)
        let words = visit.words
        guard let raw = context.parameters.get("invitation"), let invitationID = Int64(raw), invitationID > 0 else {
            throw WebRefusal.notFound
        }
        var result = CoordinatorInvitationsResult()
        do {
            switch action {
            case .resend:
                let actor = FormKey.actor(signedIn.actor, formKey: form.formKey, purpose: "resend-\(invitationID)", content: raw)
                let issued = try await networkInvitations.resend(actor, networkID: networkID, invitationID: invitationID)
                result.notice = words.format("invitationsResentEmailed", ["email": issued.invitation.email])
            case .revoke:
                let revoked = try await networkInvitations.revoke(signedIn.actor, networkID: networkID, invitationID: invitationID)
                result.notice = words.format("coordinateRevoked", ["email": revoked.listing.invitation.email])
            }
        } catch ExchangeError.invalidState {
            result.refusal = words["coordinateInvitationAccepted"]
            return try await invitationsPage(signedIn, networkID, state: nil, page: PageRequest(), visit: visit, result: result,
                                             status: .conflict)
        }
        return try await invitationsPage(signedIn, networkID, state: nil, page: PageRequest(), visit: visit, result: result)
    }

    /// A POST of the invitations page, checked before anything is read or done: its CSRF token
    /// and origin (403), then that someone is signed in (403); the network's id from the path.
    private func invitationPost<Context: WebRequestContext>(_ request: Request, context: Context) async throws
        -> (Visit, InviteForm, Visit.SignedIn, NetworkID)
    {
        let visit = try await visit(request)
        let form = try await decodeForm(InviteForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        return (visit, form, signedIn, NetworkID(try pathID(context)))
    }

    var networkInvitations: NetworkInvitations { NetworkInvitations(identity: identity, exchange: exchange) }

    private func invitationsPage(_ signedIn: Visit.SignedIn, _ networkID: NetworkID, state: InvitationState?, page: PageRequest,
                                 visit: Visit, result: CoordinatorInvitationsResult, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        let network = try await coordinatedNetwork(actor, networkID)
        let listed = try await listing { try await networkInvitations.list(actor, networkID: networkID, state: state, page: page) }
        let path = CoordinatorPaths.invitations(networkID)
        let rows = listed.items.map { item in
            let invitation = item.listing.invitation, state = item.listing.state
            return CoordinatorInvitationsView.Row(
                email: invitation.email, state: words["coordinateState_" + state.rawValue],
                invitedBy: item.invitedByName ?? words["coordinateFormerMember"],
                sent: when.day(invitation.createdAt), expires: when.day(invitation.expiresAt),
                resendAction: state == .accepted ? nil : CoordinatorPaths.resendInvitation(networkID, invitation.id),
                revokeAction: state == .pending ? CoordinatorPaths.revokeInvitation(networkID, invitation.id) : nil)
        }
        let filters: [InvitationState?] = [nil] + InvitationState.allCases.map { $0 }
        let view = CoordinatorInvitationsView(
            heading: words.format("coordinateInvitationsHeading", ["network": network.name]),
            homeHref: CoordinatorPaths.home(networkID), action: path, formKey: FormKey.generate(),
            emails: FormField("emails", words: words, key: "coordinateEmails", value: result.emails, errors: result.errors,
                              autocomplete: "off", multiline: true),
            errors: result.errors.summary(fieldOrder: ["emails"]), hasErrors: !result.errors.isEmpty,
            refusal: result.refusal, notice: result.notice, outcomes: result.outcomes, hasOutcomes: !result.outcomes.isEmpty,
            filters: filters.map { option in
                CoordinatorInvitationsView.Filter(
                    label: words["coordinateFilter_" + (option?.rawValue ?? "all")],
                    href: option.map { path + "?state=" + $0.rawValue } ?? path, isCurrent: option == state)
            },
            rows: rows, hasRows: !rows.isEmpty,
            nextPage: listed.nextCursor.map { ListingPaths.nextPage(path, cursor: $0, query: state.map { [("state", $0.rawValue)] } ?? []) })
        return try await self.page("coordinate-invitations", view, visit: visit, status: status)
    }

    /// The query's `state` filter: absent is every state, an unknown one the 400 page.
    static func invitationState(_ request: Request) throws -> InvitationState? {
        guard let raw = request.uri.queryParameters.get("state"), !raw.isEmpty else { return nil }
        guard let state = InvitationState(rawValue: String(raw)) else { throw WebRefusal.badRequest }
        return state
    }

    /// The addresses of a pasted list: split at line breaks (a browser posts CR LF, one Swift
    /// `Character`), commas and semicolons, trimmed,
    /// blanks dropped (the domain reports bad and repeated ones, each in its place).
    static func addresses(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isNewline || $0 == "," || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    static func outcomeText(_ outcome: BatchInvitationOutcome, words: Words) -> String {
        switch outcome {
        case .invited: words["invitationsOutcomeEmailed"]
        case .invalidEmail: words["coordinateOutcomeInvalid"]
        case .duplicate: words["coordinateOutcomeDuplicate"]
        case .alreadyMember: words["coordinateOutcomeMember"]
        case .alreadyInvited: words["coordinateOutcomeInvited_already"]
        }
    }
}
