import Exchange
import Foundation
import Hummingbird
import Ledger

/// What the propose form sends, as typed: the partner (a network id from the directory's
/// select), kinds as checkboxes (`kinds[]`), hours each way ("10", "1.5"), optional monthly
/// session quotas, and the first and last days (`YYYY-MM-DD`, UTC days as the domain keeps them).
struct AgreementForm: ProtectedForm, Sendable {
    static let fieldOrder = ["partner", "kinds", "ownHours", "partnerHours", "ownQuota", "partnerQuota", "startsOn", "endsOn"]
    /// The domain's field for each of the form's, for its refusals.
    static let domainFields = [
        "partnerNetworkID": "partner", "kinds": "kinds", "proposerMayReceiveHours": "ownHours",
        "partnerMayReceiveHours": "partnerHours", "proposerMonthlySessionQuota": "ownQuota",
        "partnerMonthlySessionQuota": "partnerQuota", "startsOn": "startsOn", "endsOn": "endsOn",
    ]
    static let quotaLengthMax = 6

    var csrf: String?
    var formKey: String?
    var partner: String?
    var kinds: [String]?
    var ownHours: String?
    var partnerHours: String?
    var ownQuota: String?
    var partnerQuota: String?
    var startsOn: String?
    var endsOn: String?

    /// The form as it first shows: the partner chosen in the directory, if any, 10 hours each way,
    /// no quotas, from today for a year.
    init(partner: String?, today: Date) {
        self.partner = partner
        kinds = []
        ownHours = "10"
        partnerHours = "10"
        ownQuota = ""
        partnerQuota = ""
        startsOn = Self.dayText(today)
        endsOn = Self.dayText(today.addingTimeInterval(364 * 86_400))
    }

    /// The partner and terms as typed; each mistake of form is added at its field (the domain
    /// judges the ranges and the kinds).
    func proposal(words: Words, errors: inout FormErrors) -> (partner: NetworkID, terms: AgreementTerms)? {
        let partnerID = Int64(partner ?? "").flatMap { $0 > 0 ? NetworkID($0) : nil }
        if partnerID == nil { errors.add("partner", words["agreementError_partner"]) }
        let chosen = kinds ?? []
        if chosen.isEmpty { errors.add("kinds", words["agreementError_kinds"]) }
        let own = NetworkSettingsForm.minutes(hours: ownHours ?? "")
        if own == nil { errors.add("ownHours", words["agreementError_hours"]) }
        let theirs = NetworkSettingsForm.minutes(hours: partnerHours ?? "")
        if theirs == nil { errors.add("partnerHours", words["agreementError_hours"]) }
        let ownLimit = Self.quota(ownQuota), theirLimit = Self.quota(partnerQuota)
        if ownLimit == nil { errors.add("ownQuota", words["agreementError_quota"]) }
        if theirLimit == nil { errors.add("partnerQuota", words["agreementError_quota"]) }
        let first = Self.day(startsOn ?? ""), last = Self.day(endsOn ?? "")
        if first == nil { errors.add("startsOn", words["agreementError_day"]) }
        if last == nil { errors.add("endsOn", words["agreementError_day"]) }
        guard let partnerID, !chosen.isEmpty, let own, let theirs, let ownLimit, let theirLimit, let first, let last else {
            return nil
        }
        return (partnerID, AgreementTerms(
            kinds: chosen, proposerMayReceiveMinutes: own, partnerMayReceiveMinutes: theirs,
            proposerMonthlySessionQuota: ownLimit, partnerMonthlySessionQuota: theirLimit, startsOn: first, endsOn: last))
    }

    /// An optional whole number: `.some(nil)` when left empty, nil when it is not a number.
    static func quota(_ text: String?) -> Int?? {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .some(nil) }
        guard text.count <= quotaLengthMax, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else { return nil }
        return .some(value)
    }

    /// A `YYYY-MM-DD` day (UTC midnight); nil for anything else, or a day no calendar has.
    static func day(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.map(\.count) == [4, 2, 2],
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1970...9999).contains(year), (1...12).contains(month),
              (1...CivilCalendar.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(CivilCalendar.days(year: year, month: month, day: day) * 86_400))
    }

    static func dayText(_ date: Date) -> String { ReportPeriod.day(Int64(date.timeIntervalSince1970)) }
}

/// The propose form's page.
struct AgreementFormView: Sendable {
    var heading: String
    var listHref: String
    var directoryHref: String
    var action: String
    var formKey: String
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var partner: SelectField
    var kinds: OptionGroup
    var ownHours: FormField
    var partnerHours: FormField
    var ownQuota: FormField
    var partnerQuota: FormField
    var startsOn: FormField
    var endsOn: FormField
}

extension WebApp {
    func coordinatorNewAgreement<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let network = try await proposingNetwork(signedIn.actor, networkID)
        let partner = request.uri.queryParameters.get("partner").map { String($0) }
        return try await agreementFormPage(signedIn.actor, network, form: AgreementForm(partner: partner, today: exchange.now()),
                                           errors: FormErrors(), visit: visit)
    }

    /// Proposes through `AgreementService.propose` (keyed by the form's key: a second submit
    /// finds the first proposal), then to the new agreement's page; every refusal of the domain
    /// comes back as the form (422) with the message at its field.
    func coordinatorProposeAgreement<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(AgreementForm.self, request, context: context)
        let networkID = NetworkID(try pathID(context))
        let network = try await proposingNetwork(signedIn.actor, networkID)
        var errors = FormErrors()
        if let proposal = form.proposal(words: visit.words, errors: &errors) {
            let content = "\(proposal.partner.rawValue)\u{0}\(proposal.terms)"
            let actor = FormKey.actor(signedIn.actor, formKey: form.formKey, purpose: "agreement-\(networkID.rawValue)", content: content)
            do {
                let agreement = try await exchange.agreements.propose(actor, from: networkID, to: proposal.partner, proposal.terms)
                return redirect(CoordinatorPaths.agreement(networkID, agreement.id) + "?proposed=1", visit: visit)
            } catch ExchangeError.validation(let broken) {
                errors.add(AgreementForm.domainFields[broken.field] ?? "partner", Self.agreementRefusal(broken, words: visit.words))
            } catch ExchangeError.notFound {
                errors.add("partner", visit.words["agreementError_partner"])
            } catch ExchangeError.conflict {
                errors.add("partner", visit.words["agreementError_open"])
            }
        }
        return try await agreementFormPage(signedIn.actor, network, form: form, errors: errors, visit: visit,
                                           status: .unprocessableContent)
    }

    /// The catalogue's message for a refusal of the terms, by field and, for the last day, by why.
    static func agreementRefusal(_ broken: ValidationError, words: Words) -> String {
        switch AgreementForm.domainFields[broken.field] {
        case "endsOn" where broken.reason.contains("before"): return words["agreementError_endsBefore"]
        case "endsOn" where broken.reason.contains("past"): return words["agreementError_endsPast"]
        case "endsOn": return words["agreementError_tooLong"]
        case "ownHours", "partnerHours": return words["agreementError_hoursRange"]
        case "ownQuota", "partnerQuota": return words["agreementError_quotaRange"]
        case "kinds": return words["agreementError_kinds"]
        default: return words["agreementError_partner"]
        }
    }

    /// The network, when the actor is one of its active coordinators: only they propose (the
    /// domain's rule); an administrator who is not is refused (403) before the form is drawn.
    private func proposingNetwork(_ actor: Actor, _ networkID: NetworkID) async throws -> Network {
        let network = try await coordinatedNetwork(actor, networkID)
        guard try await coordinates(actor, networkID) else { throw WebRefusal.forbidden }
        return network
    }

    private func agreementFormPage(_ actor: Actor, _ network: Network, form: AgreementForm, errors: FormErrors, visit: Visit,
                                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words
        let others = try await networkNames(actor).filter { $0.key != network.id }.sorted { $0.key < $1.key }
        let options = [(value: "", label: words["agreementPartnerChoose"])] + others.map { (value: String($0.key.rawValue), label: $0.value) }
        let vocabulary = try await exchange.networks.supportKinds(actor)
        let field = { (name: String, value: String?, values: [String: String]) in
            var made = FormField(name, words: words, key: "agreement_" + name, value: value ?? "", errors: errors)
            let labelKey = "agreement_" + name + "Label"
            made.label = words.format(labelKey, values)
            return made
        }
        let own = ["network": network.name]
        // Text, not `type="date"`: the days are typed as the hint shows (a date input's own
        // format follows the browser's locale, and axe flags its autocomplete).
        let startsOn = field("startsOn", form.startsOn, [:]), endsOn = field("endsOn", form.endsOn, [:])
        let view = AgreementFormView(
            heading: words.format("agreementNewHeading", own), listHref: CoordinatorPaths.agreements(network.id),
            directoryHref: CoordinatorPaths.directory(network.id), action: CoordinatorPaths.newAgreement(network.id),
            formKey: form.formKey ?? FormKey.generate(),
            errors: errors.summary(fieldOrder: AgreementForm.fieldOrder), hasErrors: !errors.isEmpty,
            partner: SelectField("partner", label: words["agreement_partnerLabel"], hint: words["agreement_partnerHint"],
                                 options: options, selected: form.partner, errors: errors),
            kinds: OptionGroup("kinds", legend: words["agreement_kindsLegend"], hint: words["agreement_kindsHint"],
                               options: vocabulary.map { ($0, ListingWords.kind($0, words: words)) }, checked: Set(form.kinds ?? []),
                               errors: errors),
            ownHours: field("ownHours", form.ownHours, own), partnerHours: field("partnerHours", form.partnerHours, [:]),
            ownQuota: field("ownQuota", form.ownQuota, own), partnerQuota: field("partnerQuota", form.partnerQuota, [:]),
            startsOn: startsOn, endsOn: endsOn)
        return try await page("coordinate-agreement-new", view, visit: visit, status: status)
    }
}
