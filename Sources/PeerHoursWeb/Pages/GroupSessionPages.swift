import Exchange
import Foundation
import Hummingbird
import Ledger

/// One line of the member's group sessions: what, when, and where they stand.
struct GroupSessionLine: Sendable {
    var href: String
    var title: String
    var when: String
    var standing: String
    var status: String?
    var joined: String
}

/// `/groups`: the sessions the member leads or was invited to, those to come first.
struct GroupSessionsView: Sendable {
    var upcoming: [GroupSessionLine]
    var hasUpcoming: Bool
    var earlier: [GroupSessionLine]
    var hasEarlier: Bool
    var hasNone: Bool

    init(upcoming: [GroupSessionLine], earlier: [GroupSessionLine]) {
        self.upcoming = upcoming
        hasUpcoming = !upcoming.isEmpty
        self.earlier = earlier
        hasEarlier = !earlier.isEmpty
        hasNone = upcoming.isEmpty && earlier.isEmpty
    }
}

/// `/groups/{id}`: a session as its facilitator, a participant or a coordinator sees it,
/// with only the actions the domain would allow this person now.
struct GroupSessionView: Sendable {
    struct Action: Sendable {
        var path: String
        var label: String
        var explanation: String?
    }

    var title: String
    var when: String
    var length: String
    var facilitator: String
    var status: String
    var payment: String
    var joinedNames: [String]
    var hasJoined: Bool
    var notJoinedNames: [String]
    var hasNotJoined: Bool
    var standing: String
    var actions: [Action]
    var hasActions: Bool
    /// A one-line confirmation after an action ("You have joined."), or why it could not be done.
    var notice: String?
    var refusal: String?
}

/// Which action a group session form asks for (the last part of its path).
enum GroupSessionAction: String, CaseIterable, Sendable {
    case join, leave, complete, cancel
}

/// The action forms carry only their CSRF token.
struct ActionForm: Decodable, Sendable {
    var csrf: String?
}

extension WebApp {
    func groupSessionsPage<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words, now = exchange.now(), when = visit.when(now: now)
        let sessions = try await exchange.groupSessions.myGroupSessions(actor)
        let lines = sessions.map { session in
            GroupSessionLine(
                href: "/groups/\(session.id.rawValue)", title: session.title,
                when: when.span(start: session.scheduledStart, durationMinutes: session.durationMinutes),
                standing: words[Self.standingKey(session, actor.memberID)],
                status: session.status == .scheduled ? nil : words["groupStatus_" + session.status.rawValue],
                joined: words.format("groupJoinedCount", [
                    "joined": String(session.joinedParticipantIDs.count), "invited": String(session.participantIDs.count),
                ]))
        }
        // To come: scheduled and not yet over. Earlier: the rest, the most recent first.
        let isUpcoming = sessions.map { session in
            session.status == .scheduled && session.scheduledStart.addingTimeInterval(TimeInterval(session.durationMinutes * 60)) > now
        }
        let view = GroupSessionsView(
            upcoming: lines.indices.filter { isUpcoming[$0] }.map { lines[$0] },
            earlier: lines.indices.filter { !isUpcoming[$0] }.reversed().map { lines[$0] })
        return try await page("group-sessions", view, visit: visit)
    }

    func groupSessionPage<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let id = GroupSessionID(try pathID(context))
        let notice = request.uri.queryParameters.get("done").flatMap(GroupSessionAction.init(rawValue:))
        return try await groupSessionPage(id, signedIn, visit: visit, notice: notice)
    }

    /// Join, leave, complete or cancel, through the domain (which decides again); then back to
    /// the session with a confirmation, or the session with why it could not be done (409).
    func groupSessionAction<Context: WebRequestContext>(_ action: GroupSessionAction, _ request: Request, context: Context)
        async throws -> Response
    {
        let visit = try await visit(request)
        let form = try await decodeForm(ActionForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let id = GroupSessionID(try pathID(context))
        let sessions = exchange.groupSessions, actor = signedIn.actor
        do {
            switch action {
            case .join: _ = try await sessions.join(actor, id)
            case .leave: _ = try await sessions.leave(actor, id)
            case .complete: _ = try await sessions.complete(actor, id)
            case .cancel: _ = try await sessions.cancel(actor, id)
            }
        } catch let error as ExchangeError where Self.isRefusalToShow(error) {
            return try await groupSessionPage(id, signedIn, visit: visit, refusal: Self.refusalWords(error, visit.words),
                                              status: .conflict)
        }
        return redirect("/groups/\(id.rawValue)?done=\(action.rawValue)", visit: visit)
    }

    private func groupSessionPage(
        _ id: GroupSessionID, _ signedIn: Visit.SignedIn, visit: Visit, notice: GroupSessionAction? = nil,
        refusal: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let actor = signedIn.actor, words = visit.words
        let session = try await exchange.groupSessions.groupSession(actor, id)
        let names = try await exchange.groupSessions.people(actor, id)
        let name = { (id: MemberID) in names[id] ?? words["groupSomeone"] }
        let actions = Self.actions(session, actor: actor, now: exchange.now(), words: words)
        let view = GroupSessionView(
            title: session.title,
            when: visit.when(now: exchange.now()).span(start: session.scheduledStart, durationMinutes: session.durationMinutes),
            length: HoursText.text(minutes: session.durationMinutes, words: words),
            facilitator: name(session.facilitatorID),
            status: words["groupStatus_" + session.status.rawValue],
            payment: words["groupPayment_" + session.payment.rawValue],
            joinedNames: session.joinedParticipantIDs.map(name).sorted(),
            hasJoined: !session.joinedParticipantIDs.isEmpty,
            notJoinedNames: session.participantIDs.filter { !session.joinedParticipantIDs.contains($0) }.map(name).sorted(),
            hasNotJoined: session.participantIDs.count > session.joinedParticipantIDs.count,
            standing: words[Self.standingKey(session, actor.memberID)],
            actions: actions,
            hasActions: !actions.isEmpty,
            notice: notice.map { words["groupDone_" + $0.rawValue] },
            refusal: refusal)
        return try await page("group-session", view, visit: visit, status: status)
    }

    /// The actions this person may take now, as the domain's rules have them: participants join
    /// and leave before the start; the facilitator completes once it has started and someone
    /// joined, and cancels while it is scheduled. (A coordinator manages from the coordinators' pages.)
    static func actions(_ session: GroupSession, actor: Actor, now: Date, words: Words) -> [GroupSessionView.Action] {
        guard session.status == .scheduled else { return [] }
        let path = "/groups/\(session.id.rawValue)/"
        var actions: [GroupSessionView.Action] = []
        let started = now >= session.scheduledStart
        let joined = session.joinedParticipantIDs.contains(actor.memberID)
        if session.participantIDs.contains(actor.memberID) && !started {
            if joined {
                actions.append(.init(path: path + "leave", label: words["groupLeaveButton"], explanation: nil))
            } else {
                let share = session.payment == .split ? words["groupJoinSplitExplanation"] : words["groupJoinCommunityExplanation"]
                actions.append(.init(path: path + "join", label: words["groupJoinButton"], explanation: share))
            }
        }
        if session.facilitatorID == actor.memberID {
            if started && !session.joinedParticipantIDs.isEmpty {
                actions.append(.init(path: path + "complete", label: words["groupCompleteButton"],
                                     explanation: words["groupCompleteExplanation"]))
            }
            actions.append(.init(path: path + "cancel", label: words["groupCancelButton"], explanation: words["groupCancelExplanation"]))
        }
        return actions
    }

    static func standingKey(_ session: GroupSession, _ memberID: MemberID) -> String {
        if session.facilitatorID == memberID { return "groupStanding_facilitator" }
        if session.joinedParticipantIDs.contains(memberID) { return "groupStanding_joined" }
        if session.participantIDs.contains(memberID) { return "groupStanding_invited" }
        return "groupStanding_coordinator"
    }

    /// Refusals a person can understand and act on are shown on the page; who-may-see refusals
    /// (forbidden, not found) stay the 403/404 page.
    static func isRefusalToShow(_ error: ExchangeError) -> Bool {
        switch error {
        case .invalidState, .conflict, .ledgerRefused, .refused: true
        default: false
        }
    }

    static func refusalWords(_ error: ExchangeError, _ words: Words) -> String {
        switch error {
        case .ledgerRefused(let code, _) where code == .exceedsFloor: words["groupRefusedCredit"]
        default: words["groupRefusedState"]
        }
    }
}
