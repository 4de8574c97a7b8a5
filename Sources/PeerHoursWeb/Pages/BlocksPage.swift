import Exchange
import Hummingbird

/// The hidden people page's model.
struct BlocksView: Sendable {
    struct Person: Sendable {
        var name: String
        /// The "Show again" form's action.
        var unblockPath: String
    }

    var people: [Person]
    var hasPeople: Bool
    /// "You have hidden Sam." after a block, "Sam can be suggested to you again." after an unblock.
    var notice: String?
    /// Why a block could not be made (yourself, too many).
    var refusal: String?

    init(people: [Person], notice: String? = nil, refusal: String? = nil) {
        self.people = people
        hasPeople = !people.isEmpty
        self.notice = notice
        self.refusal = refusal
    }
}

/// Which way a person form goes (the last part of its path).
enum BlockAction: String, CaseIterable, Sendable {
    case block, unblock
}

extension WebApp {
    func blocksPage<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        var notice: String?
        let query = request.uri.queryParameters
        if let action = query.get("done").flatMap(BlockAction.init(rawValue:)),
           let raw = query.get("member"), let value = Int64(raw), value > 0 {
            let name = try await displayName(MemberID(value), signedIn.actor, visit.words)
            notice = visit.words.format(action == .block ? "blocksDoneBlock" : "blocksDoneUnblock", ["name": name])
        }
        return try await blocksPage(signedIn, visit: visit, notice: notice)
    }

    /// Hide (block) or show again (unblock) a person through `MatchingPreferencesService`; then
    /// back to the list with a confirmation. Only people the member can see (sharing a network)
    /// can be hidden: anyone else is the same 404 as an unknown id, so the form tells nothing
    /// about who exists. Showing again needs no such check (it only removes the member's own row).
    func blockAction<Context: WebRequestContext>(_ action: BlockAction, _ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(ActionForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let memberID = MemberID(try pathID(context)), actor = signedIn.actor
        switch action {
        case .block:
            if memberID == actor.memberID {
                return try await blocksPage(signedIn, visit: visit, refusal: visit.words["blocksRefusedSelf"], status: .unprocessableContent)
            }
            _ = try await exchange.members.member(actor, memberID)
            do {
                _ = try await exchange.matchingPreferences.block(actor, memberID)
            } catch ExchangeError.validation {
                let refusal = visit.words.format("blocksRefusedTooMany", ["count": String(MatchingPreferencesService.blockCountMax)])
                return try await blocksPage(signedIn, visit: visit, refusal: refusal, status: .unprocessableContent)
            }
        case .unblock:
            _ = try await exchange.matchingPreferences.unblock(actor, memberID)
        }
        return redirect("/account/blocks?done=\(action.rawValue)&member=\(memberID.rawValue)", visit: visit)
    }

    private func blocksPage(_ signedIn: Visit.SignedIn, visit: Visit, notice: String? = nil, refusal: String? = nil,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        var people: [BlocksView.Person] = []
        for memberID in try await exchange.matchingPreferences.blocked(signedIn.actor) {
            people.append(BlocksView.Person(name: try await displayName(memberID, signedIn.actor, visit.words),
                                            unblockPath: "/people/\(memberID.rawValue)/unblock"))
        }
        let view = BlocksView(people: people, notice: notice, refusal: refusal)
        return try await page("blocks", view, visit: visit, status: status)
    }

    /// The person's display name as the actor may read it; "A former member" for someone who no
    /// longer shares a network with them (or no longer exists) — never their id.
    private func displayName(_ memberID: MemberID, _ actor: Actor, _ words: Words) async throws -> String {
        do {
            return try await exchange.members.member(actor, memberID).profile.displayName
        } catch ExchangeError.notFound {
            return words["blocksFormerMember"]
        }
    }
}
