import Exchange
import Foundation
import Hummingbird
import Ledger

extension WebApp {
    func wellbeingCoordinatorPage(_ actor: Actor, _ network: Network, form: WellbeingLeadForm, errors: FormErrors,
                                  notice: String?, visit: Visit, status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words, when = visit.when(now: exchange.now())
        let leads = try await exchange.urgent.leads(actor, networkID: network.id)
        let settings = try await exchange.urgent.settings(actor, networkID: network.id)
        let leadIDs = Set(leads.map(\.memberID))
        let candidates = try await wellbeingCandidates(actor, network.id, words: words).filter { !leadIDs.contains($0.id) }
        let options = [(value: "", label: words["wellbeingCoordChoose"])]
            + candidates.map { (value: String($0.id.rawValue), label: $0.name) }
        let view = CoordinatorWellbeingView(
            heading: words.format("wellbeingCoordHeading", ["network": network.name]), homeHref: CoordinatorPaths.home(network.id),
            notice: notice, errors: errors.summary(fieldOrder: ["member", "escalationHours"]), hasErrors: !errors.isEmpty,
            leads: leads.map { lead in
                .init(name: lead.displayName, appointed: words.format("wellbeingCoordAppointedOn", ["date": when.dayWithYear(lead.appointedAt)]),
                      removeAction: UrgentPaths.remove(network.id, lead.memberID))
            },
            hasLeads: !leads.isEmpty, appointAction: UrgentPaths.appoint(network.id),
            candidate: SelectField("member", label: words["wellbeingCoordMemberLabel"], hint: words["wellbeingCoordMemberHint"],
                                   options: options, selected: form.member, errors: errors),
            hasCandidates: !candidates.isEmpty, settingsAction: UrgentPaths.settings(network.id),
            escalation: words.format("wellbeingCoordEscalationNow", [
                "hours": HoursText.text(minutes: Int64(settings.escalationWorkingMinutes), words: words)]),
            escalationHours: FormField("escalationHours", words: words, key: "wellbeingCoordEscalation",
                                       value: form.escalationHours ?? NetworkSettingsForm.hoursText(Int64(settings.escalationWorkingMinutes)),
                                       errors: errors))
        return try await page("coordinate-wellbeing", view, visit: visit, status: status)
    }

    /// Active members of the network by name (at most `wellbeingCandidatesMax`), for the appoint form.
    private func wellbeingCandidates(_ actor: Actor, _ networkID: NetworkID, words: Words) async throws
        -> [(id: MemberID, name: String)]
    {
        var found: [(id: MemberID, name: String)] = [], cursor: String? = nil
        for _ in 0..<Self.settingsMemberPagesMax {
            let page = try await exchange.memberships.members(actor, of: networkID, status: .active,
                                                              page: PageRequest(cursor: cursor, size: PageRequest.sizeMax))
            for membership in page.items where found.count < Self.wellbeingCandidatesMax {
                found.append((membership.memberID, try await memberName(actor, membership.memberID, words)))
            }
            cursor = page.nextCursor
            if cursor == nil || found.count >= Self.wellbeingCandidatesMax { break }
        }
        return found.sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
    }
}
