import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/audit`: the network's audit trail in words — who did what to whom,
/// by display name (never an id), when in the reader's time zone — oldest first, as the domain
/// records it. Filtered by action and by a part of a person's name (the one who acted or the one
/// it concerned); a filtered page reads at most `scanCallsMax` of the domain's pages, so a rare
/// match costs a bounded amount of work per page and the rest is one "Next page" away.
struct CoordinatorAuditView: Sendable {
    struct Event: Sendable {
        var what: String
        var when: String
    }

    var heading: String
    var homeHref: String
    var action: String
    var actionFilter: SelectField
    var person: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var events: [Event]
    var hasEvents: Bool
    var emptyText: String
    var next: String?
}

/// The filters of the audit page, read from its query; pure, so that bad input is tested alone.
struct AuditFilter: Equatable, Sendable {
    static let personLengthMax = 100
    static let fieldOrder = ["action", "person"]

    var action: AuditAction?
    /// Lower-cased, trimmed; nil when absent.
    var person: String?

    var isEmpty: Bool { action == nil && person == nil }

    /// The filter for `actionText` and `personText`; a mistake is added at its field and that
    /// part of the filter is left out.
    static func read(actionText: String?, personText: String?, words: Words, errors: inout FormErrors) -> AuditFilter {
        var filter = AuditFilter()
        if let actionText, !actionText.isEmpty {
            if let action = AuditAction(rawValue: actionText) { filter.action = action }
            else { errors.add("action", words["auditActionInvalid"]) }
        }
        let person = (personText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if person.count > personLengthMax {
            errors.add("person", words.format("auditPersonTooLong", ["max": String(personLengthMax)]))
        } else if !person.isEmpty {
            filter.person = person.lowercased()
        }
        return filter
    }

    /// Whether the event passes, given the names of those it mentions.
    func matches(_ event: AuditEvent, actorName: String, memberName: String?) -> Bool {
        if let action, event.action != action { return false }
        guard let person else { return true }
        return actorName.lowercased().contains(person) || (memberName?.lowercased().contains(person) ?? false)
    }
}

extension WebApp {
    /// At most this many reads of the domain's trail for one filtered page.
    static let auditScanCallsMax = 10

    func coordinatorAudit<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(actor, networkID)
        let query = FormQuery(request)
        let actionText = query["action"], personText = query["person"]
        var errors = FormErrors()
        let filter = AuditFilter.read(actionText: actionText, personText: personText, words: words, errors: &errors)
        let found = try await auditEvents(actor, networkID, filter: filter, cursor: query["cursor"],
                                          words: words)
        let path = CoordinatorPaths.audit(networkID)
        var keep: [(String, String)] = []
        if let action = filter.action { keep.append(("action", action.rawValue)) }
        if let personText, !personText.isEmpty { keep.append(("person", personText)) }
        let next = found.nextCursor.map { cursor in
            path + "?" + (keep + [("cursor", cursor)]).map { "\($0.0)=\(ListingPaths.escape($0.1))" }.joined(separator: "&")
        }
        let options: [(value: String, label: String)] = [(value: "", label: words["auditActionAll"])]
            + AuditAction.allCases.map { (value: $0.rawValue, label: Self.auditActionName($0, words)) }
        let view = CoordinatorAuditView(
            heading: words.format("auditHeading", ["network": network.name]),
            homeHref: CoordinatorPaths.home(networkID), action: path,
            actionFilter: SelectField("action", label: words["auditActionLabel"], hint: nil, options: options,
                                      selected: actionText ?? "", errors: errors),
            person: FormField("person", words: words, key: "auditPerson", value: personText ?? "", errors: errors),
            errors: errors.summary(fieldOrder: AuditFilter.fieldOrder), hasErrors: !errors.isEmpty,
            events: found.lines.map { CoordinatorAuditView.Event(what: $0.what, when: when.moment($0.at, words: words)) },
            hasEvents: !found.lines.isEmpty,
            emptyText: Self.auditEmptyText(filtered: !filter.isEmpty, more: next != nil, words: words), next: next)
        return try await page("coordinate-audit", view, visit: visit, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// Up to a page of events passing `filter`, in words, from `cursor` on; reads the domain's
    /// trail (which checks the actor may) a page at a time, at most `auditScanCallsMax` times.
    func auditEvents(_ actor: Actor, _ networkID: NetworkID, filter: AuditFilter, cursor: String?,
                     words: Words) async throws -> (lines: [(what: String, at: Date)], nextCursor: String?) {
        var lines: [(what: String, at: Date)] = [], cursor = cursor
        for _ in 0..<Self.auditScanCallsMax {
            let need = PageRequest.sizeDefault - lines.count
            let page = try await listing { try await exchange.audit.trail(actor, networkID: networkID, page: PageRequest(cursor: cursor, size: need)) }
            let names = try await exchange.invitationOversight.displayNames(
                actor, networkID: networkID, of: page.items.flatMap { [$0.actorID] + ($0.subjectMemberID.map { [$0] } ?? []) })
            for event in page.items {
                let actorName = names[event.actorID] ?? words["coordinateFormerMember"]
                let memberName = event.subjectMemberID.map { names[$0] ?? words["coordinateFormerMember"] }
                guard filter.matches(event, actorName: actorName, memberName: memberName) else { continue }
                lines.append((Self.auditSentence(event.action, actor: actorName, member: memberName, words: words), event.at))
            }
            cursor = page.nextCursor
            if cursor == nil || lines.count == PageRequest.sizeDefault { break }
        }
        return (lines, cursor)
    }

    /// Why the page lists nothing: nothing recorded, nothing matching, or nothing matching yet.
    static func auditEmptyText(filtered: Bool, more: Bool, words: Words) -> String {
        guard filtered else { return words["auditNone"] }
        return more ? words["auditNoneMatchingYet"] : words["auditNoneMatching"]
    }

    /// "Nia suspended Rae's membership": the catalogue's `auditEvent_<action>`.
    static func auditSentence(_ action: AuditAction, actor: String, member: String?, words: Words) -> String {
        let key = "auditEvent_" + auditKey(action)
        return words.format(key, ["actor": actor, "member": member ?? words["auditSomeone"]])
    }

    /// "Membership suspended", for the action filter.
    static func auditActionName(_ action: AuditAction, _ words: Words) -> String { words["auditAction_" + auditKey(action)] }

    /// `membership.role_changed` → `membership_role_changed`.
    static func auditKey(_ action: AuditAction) -> String { action.rawValue.replacingOccurrences(of: ".", with: "_") }
}
