import Exchange
import Foundation
import Hummingbird
import Ledger

extension WebApp {
    /// Reads the request as the actor (a lead's read is audited by the domain), and draws it with
    /// the steps its status allows. The member who asked, if not a lead, goes to `/urgent`.
    func wellbeingRequestPage(_ actor: Actor, _ id: UrgentRequestID, form: UrgentStepForm, errors: FormErrors, visit: Visit,
                              notice: String? = nil, refusal: String? = nil,
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words
        let item = try await exchange.urgent.request(actor, id: id)
        let leads = try await exchange.urgent.leads(actor, networkID: item.networkID)
        guard leads.contains(where: { $0.memberID == actor.memberID }) else {
            guard item.memberID == actor.memberID else { throw WebRefusal.notFound }
            return redirect(UrgentPaths.ask, visit: visit)
        }
        let network = try await exchange.networks.network(actor, item.networkID)
        let name = try await memberName(actor, item.memberID, words)
        let when = visit.when(now: exchange.now())
        var facts: [WellbeingRequestView.Fact] = [
            .init(label: words["wellbeingFact_network"], value: network.name),
            .init(label: words["wellbeingFact_raised"], value: when.moment(item.raisedAt, words: words)),
            .init(label: words["wellbeingFact_status"], value: Self.urgentStatusText(item, words: words, when: when)),
            .init(label: words["wellbeingFact_contact"], value: item.contact ?? words["wellbeingNoContact"]),
        ]
        if let leadID = item.leadID {
            facts.append(.init(label: words["wellbeingFact_lead"], value: try await memberName(actor, leadID, words)))
        }
        if let minutes = item.heldMinutes {
            facts.append(.init(label: words["wellbeingFact_held"], value: HoursText.text(minutes: minutes, words: words)))
        }
        let isOwn = item.memberID == actor.memberID
        let field = { (name: String, value: String?) in
            FormField(name, words: words, key: "wellbeing_" + name, value: value ?? "", errors: errors)
        }
        let view = WellbeingRequestView(
            heading: words.format("wellbeingRequestHeading", ["name": name]), queueHref: UrgentPaths.queue(item.networkID),
            notice: notice, refusal: refusal,
            errors: errors.summary(fieldOrder: UrgentStepForm.fieldOrder), hasErrors: !errors.isEmpty, facts: facts,
            noteParagraphs: item.note.map(Self.paragraphs) ?? [], hasNote: item.note != nil, escalated: item.escalatedAt != nil,
            canAcknowledge: !isOwn && item.status == .waiting,
            canArrange: !isOwn && (item.status == .acknowledged || item.status == .arranged),
            canClose: !isOwn && item.status.isOpen,
            acknowledgeAction: UrgentPaths.step(id, .acknowledge), arrangeAction: UrgentPaths.step(id, .arrange),
            closeAction: UrgentPaths.step(id, .close),
            day: field("day", form.day), time: field("time", form.time), minutes: field("minutes", form.minutes))
        return try await page("wellbeing-request", view, visit: visit, status: status)
    }
}
