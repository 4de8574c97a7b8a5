import Exchange
import Foundation
import Ledger
import Hummingbird

/// `/coordinate/networks/{id}/members/{member}`: one member as the network's coordinators see
/// them — profile, membership, balance and statement (read through `AccountService`, audited) —
/// and the one action their status allows, with a required reason. Never a request's private
/// description, never messages: the statement says what moved hours, not what was asked.
struct CoordinatorMemberView: Sendable {
    struct Detail: Sendable {
        var label: String
        var value: String
    }

    struct Line: Sendable {
        var day: String
        var what: String
        var inText: String
        var outText: String
        /// The form that corrects this movement, when it may be corrected.
        var correctHref: String?
    }

    var heading: String
    var membersHref: String
    var notice: String?
    var refusal: String?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var profile: [Detail]
    var membership: [Detail]
    var balance: String?
    var noAccount: Bool
    /// Shown to an administrator who does not coordinate the network: balances are not theirs to read.
    var balanceHidden: Bool
    var lines: [Line]
    var hasLines: Bool
    var nextPage: String?
    var actionHeading: String?
    var action: String?
    var actionButton: String?
    var reason: FormField
}

struct MemberActionForm: Decodable, Sendable {
    var csrf: String?
    var reason: String?
}

/// What a coordinator may do to a membership from the member page (the last part of its path).
enum MemberAction: String, CaseIterable, Sendable {
    case approve, suspend, reinstate

    /// The catalogue's sentence saying it is done, with the member's `{name}`.
    var doneKey: String { "coordinateMemberDone_" + rawValue }

    /// The one action a membership of `status` allows; nil when it allows none (left).
    static func allowed(for status: MembershipStatus) -> MemberAction? {
        switch status {
        case .invited: .approve
        case .active: .suspend
        case .suspended: .reinstate
        case .left: nil
        }
    }
}

extension WebApp {
    func coordinatorMember<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let memberID = try Self.memberPathID(context)
        let query = request.uri.queryParameters
        let done = query.get("done").flatMap { MemberAction(rawValue: String($0)) }
        return try await memberPage(signedIn, networkID, memberID, cursor: query.get("cursor").map { String($0) }, visit: visit,
                                    done: done, corrected: query.get("corrected") != nil)
    }

    /// Approves, suspends or reinstates through `MembershipService` with the reason the
    /// coordinator wrote (kept in the audit trail); then back to the member page saying so. A
    /// blank or too long reason is shown at its field (422); a membership no longer in the status
    /// the action needs is explained on the page (409).
    func coordinatorMemberAction<Context: WebRequestContext>(_ action: MemberAction, _ request: Request, context: Context)
        async throws -> Response
    {
        let visit = try await visit(request)
        let form = try await decodeForm(MemberActionForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let networkID = NetworkID(try pathID(context))
        let memberID = try Self.memberPathID(context)
        let actor = signedIn.actor, words = visit.words, reason = form.reason ?? ""
        do {
            switch action {
            case .approve: _ = try await exchange.memberships.approve(actor, memberID: memberID, networkID: networkID, reason: reason)
            case .suspend: _ = try await exchange.memberships.suspend(actor, memberID: memberID, networkID: networkID, reason: reason)
            case .reinstate:
                _ = try await exchange.memberships.reinstate(actor, memberID: memberID, networkID: networkID, reason: reason)
            }
        } catch ExchangeError.validation(let error) where error.field == "reason" {
            var errors = FormErrors()
            let blank = reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            errors.add("reason", blank ? words["coordinateMemberReasonMissing"]
                : words.format("coordinateMemberReasonTooLong", ["max": String(MembershipService.reasonLengthMax)]))
            return try await memberPage(signedIn, networkID, memberID, cursor: nil, visit: visit, reason: reason, errors: errors,
                                        status: .unprocessableContent)
        } catch ExchangeError.invalidState {
            return try await memberPage(signedIn, networkID, memberID, cursor: nil, visit: visit,
                                        refusal: words["coordinateMemberActionRefused"], status: .conflict)
        }
        return redirect(CoordinatorPaths.member(networkID, memberID) + "?done=" + action.rawValue, visit: visit)
    }

    private func memberPage(_ signedIn: Visit.SignedIn, _ networkID: NetworkID, _ memberID: MemberID, cursor: String?, visit: Visit,
                            done: MemberAction? = nil, corrected: Bool = false, refusal: String? = nil, reason: String = "", errors: FormErrors = FormErrors(),
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        _ = try await coordinatedNetwork(actor, networkID)
        guard let membership = try await exchange.memberships.membership(actor, memberID: memberID, networkID: networkID) else {
            throw WebRefusal.notFound
        }
        let member = try await exchange.members.member(actor, memberID)
        let profile = member.profile, name = profile.displayName
        var balance: String?, lines: [CoordinatorMemberView.Line] = [], next: String?, hidden = false
        do {
            let (read, statement) = try await listing {
                try await exchange.accounts.statementWithBalance(actor, memberID: memberID, networkID: networkID,
                                                                 page: PageRequest(cursor: cursor))
            }
            balance = HoursText.text(minutes: read.postedMinutes, words: words)
            lines = statement.items.map { line in
                var row = Self.coordinatorStatementLine(line, words: words, when: when)
                if line.isCorrectable { row.correctHref = CoordinatorPaths.newCorrection(networkID, transfer: line.transferID, member: memberID) }
                return row
            }
            next = statement.nextCursor.map { ListingPaths.nextPage(CoordinatorPaths.member(networkID, memberID), cursor: $0) }
        } catch ExchangeError.invalidState {
            balance = nil  // never activated: no ledger account yet
        } catch ExchangeError.forbidden, ExchangeError.notFound {
            hidden = true  // an administrator who does not coordinate the network (AccountService)
        }
        let action = MemberAction.allowed(for: membership.status)
        let details = { (key: String, value: String) in CoordinatorMemberView.Detail(label: words[key], value: value) }
        var membershipDetails = [
            details("coordinateMemberStatus", words["coordinateMembersStatus_" + membership.status.rawValue]),
            details("coordinateMemberRole", words["coordinateMemberRole_" + membership.role.rawValue]),
            details("coordinateMemberInvited", when.day(membership.invitedAt)),
        ]
        if let joined = membership.joinedAt { membershipDetails.append(details("coordinateMemberJoined", when.day(joined))) }
        let view = CoordinatorMemberView(
            heading: name, membersHref: CoordinatorPaths.members(networkID),
            notice: corrected ? words["coordinateCorrectionDone"] : done.map { words.format($0.doneKey, ["name": name]) },
            refusal: refusal,
            errors: errors.summary(fieldOrder: ["reason"]), hasErrors: !errors.isEmpty,
            profile: [
                details("coordinateMemberProfession", profile.profession),
                details("coordinateMemberOrganisation", profile.organisation),
                details("coordinateMemberCareerStage", words["profileCareerStageOption_" + profile.careerStage.rawValue]),
                details("coordinateMemberLanguages", profile.languages.joined(separator: ", ")),
            ],
            membership: membershipDetails, balance: balance, noAccount: balance == nil && !hidden, balanceHidden: hidden,
            lines: lines, hasLines: !lines.isEmpty, nextPage: next,
            actionHeading: action.map { words["coordinateMemberActionHeading_" + $0.rawValue] },
            action: action.map { CoordinatorPaths.memberAction(networkID, memberID, $0) },
            actionButton: action.map { words["coordinateMemberActionButton_" + $0.rawValue] },
            reason: FormField("reason", words: words, key: "coordinateMemberReason", value: reason, errors: errors, multiline: true))
        return try await page("coordinate-member", view, visit: visit, status: status)
    }

    /// A statement line in a coordinator's words: what kind of movement, never what was asked.
    static func coordinatorStatementLine(_ line: StatementLine, words: Words, when: WhenWords) -> CoordinatorMemberView.Line {
        var what: String
        switch line.purpose {
        case .exchange: what = words["coordinateMemberWhat_" + (line.direction == .credit ? "given" : "received")]
        case .groupSession: what = words["coordinateMemberWhat_groupSession"]
        case .welcomeGrant: what = words["coordinateMemberWhat_welcome"]
        case .other: what = words["coordinateMemberWhat_other"]
        }
        if let reason = line.correctionReason {
            what = words.format("statementWhat_correctionWithReason", ["reason": reason])
        }
        let hours = HoursText.text(minutes: line.amountMinutes, words: words)
        return .init(day: when.day(line.at), what: what, inText: line.direction == .credit ? hours : "",
                     outText: line.direction == .debit ? hours : "", correctHref: nil)
    }

    static func memberPathID<Context: WebRequestContext>(_ context: Context) throws -> MemberID {
        guard let raw = context.parameters.get("member"), let value = Int64(raw), (1...9_007_199_254_740_991).contains(value) else {
            throw WebRefusal.notFound
        }
        return MemberID(value)
    }
}
