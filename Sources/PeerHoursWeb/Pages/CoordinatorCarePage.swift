import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/care`: a network's signposting list and privacy notice, for its
/// coordinators to write (`NetworkCareTextService.update`, audited there). The list is twelve
/// fieldsets, so adding and removing work without script: a filled row is a service, a cleared
/// row is none.
struct CoordinatorCareView: Sendable {
    struct Row: Sendable {
        var legend: String
        var nameField: FormField
        var howField: FormField
        var aboutField: FormField
    }

    var heading: String
    var homeHref: String
    var action: String
    var notice: String?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var rows: [Row]
    var privacyNotice: FormField
    var helpNowHref: String
    var privacyHref: String
}

/// What the care form sends: one `signName[]`, `signHow[]` and `signAbout[]` per row, in order,
/// and the notice, as typed.
struct CareTextsForm: ProtectedForm, Sendable {
    /// Rows the form shows (the domain's limit of signposts).
    static let rowCount = NetworkCareTexts.signpostCountMax
    /// More values than this in any list is not this form: 400.
    static let valuesMax = 2 * rowCount

    var csrf: String?
    var signName: [String]?
    var signHow: [String]?
    var signAbout: [String]?
    var privacyNotice: String?

    init(_ texts: NetworkCareTexts) {
        signName = texts.signposts.map(\.name)
        signHow = texts.signposts.map(\.how)
        signAbout = texts.signposts.map(\.about)
        privacyNotice = texts.privacyNotice ?? ""
    }

    /// Each row as typed (name, how, about), padded with blank rows to `rowCount`.
    var rows: [(name: String, how: String, about: String)] {
        let names = signName ?? [], hows = signHow ?? [], abouts = signAbout ?? []
        let count = max(Self.rowCount, names.count, hows.count, abouts.count)
        func value(_ list: [String], _ index: Int) -> String { index < list.count ? list[index] : "" }
        return (0..<count).map { (value(names, $0), value(hows, $0), value(abouts, $0)) }
    }

    var isWithinLimits: Bool {
        [signName, signHow, signAbout].allSatisfy { ($0?.count ?? 0) <= Self.valuesMax }
    }

    /// The texts to save, blank rows left out; `rowOf[i]` is the form row of the i-th signpost.
    func texts() -> (texts: NetworkCareTexts, rowOf: [Int]) {
        var signposts: [Signpost] = [], rowOf: [Int] = []
        for (index, row) in rows.enumerated() {
            let blank = [row.name, row.how, row.about].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            if blank { continue }
            signposts.append(Signpost(name: row.name, how: row.how, about: row.about))
            rowOf.append(index)
        }
        return (NetworkCareTexts(signposts: signposts, privacyNotice: privacyNotice), rowOf)
    }

    /// The form field a domain refusal names (`signposts[2].how` → the `how` of the form row the
    /// third signpost came from), and its message's key; nil for a field this form does not have.
    static func field(for domainField: String, rowOf: [Int]) -> (field: String, messageKey: String)? {
        if domainField == "privacyNotice" { return ("privacyNotice", "careError_privacyNotice") }
        if domainField == "signposts" { return ("signName-0", "careError_signposts") }
        let pattern = /signposts\[(\d+)\]\.(name|how|about)/
        guard let match = domainField.wholeMatch(of: pattern), let index = Int(match.output.1), index < rowOf.count else {
            return nil
        }
        let part = String(match.output.2)
        return (fieldName(part, row: rowOf[index]), "careError_" + part)
    }

    /// `signName-3`: the form's name for row 3's `name` (`how`, `about`), as ids and errors use it.
    static func fieldName(_ part: String, row: Int) -> String { "sign" + part.prefix(1).uppercased() + part.dropFirst() + "-\(row)" }

    /// `signName[]`: the name every row's `name` (`how`, `about`) input posts under.
    static func listName(_ part: String) -> String { "sign" + part.prefix(1).uppercased() + part.dropFirst() + "[]" }
}

extension WebApp {
    static let careRoute = CoordinatorPaths.networks + "/{id}/care"

    func coordinatorCare<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let network = try await coordinatedCareNetwork(signedIn.actor, NetworkID(try pathID(context)))
        let texts = try await exchange.careTexts.texts(networkID: network.id)
        let saved = request.uri.queryParameters.get("saved") != nil
        return try await carePage(network, form: CareTextsForm(texts), errors: FormErrors(),
                                  notice: saved ? visit.words["careSaved"] : nil, visit: visit)
    }

    func coordinatorSaveCare<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(CareTextsForm.self, request, context: context)
        guard form.isWithinLimits else { throw WebRefusal.badRequest }
        let network = try await coordinatedCareNetwork(signedIn.actor, NetworkID(try pathID(context)))
        let (texts, rowOf) = form.texts()
        var errors = FormErrors()
        do {
            _ = try await exchange.careTexts.update(signedIn.actor, networkID: network.id, texts)
            return redirect(CoordinatorPaths.care(network.id) + "?saved=1", visit: visit)
        } catch ExchangeError.validation(let broken) {
            guard let (field, key) = CareTextsForm.field(for: broken.field, rowOf: rowOf) else {
                throw ExchangeError.validation(broken)
            }
            errors.add(field, visit.words[key])
        }
        return try await carePage(network, form: form, errors: errors, notice: nil, visit: visit, status: .unprocessableContent)
    }

    /// The network if the actor is one of its active coordinators: 403 for another member of it,
    /// 404 for anyone else (an administrator who does not coordinate it too), as the API answers.
    private func coordinatedCareNetwork(_ actor: Actor, _ networkID: NetworkID) async throws -> Network {
        let network = try await coordinatedNetwork(actor, networkID)
        let own = try await exchange.memberships.membership(actor, memberID: actor.memberID, networkID: networkID)
        guard own?.isActiveCoordinator == true else { throw WebRefusal.notFound }
        return network
    }

    private func carePage(_ network: Network, form: CareTextsForm, errors: FormErrors, notice: String?, visit: Visit,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words
        let rows = form.rows.enumerated().map { index, row in
            let field = { (part: String, value: String) in
                var field = FormField(CareTextsForm.fieldName(part, row: index), words: words, key: "careSignpost_" + part,
                                      value: value, errors: errors)
                field.name = CareTextsForm.listName(part)
                return field
            }
            return CoordinatorCareView.Row(
                legend: words.format("careSignpostLegend", ["number": String(index + 1)]),
                nameField: field("name", row.name), howField: field("how", row.how), aboutField: field("about", row.about))
        }
        let fieldOrder = rows.indices.flatMap { row in ["name", "how", "about"].map { CareTextsForm.fieldName($0, row: row) } }
            + ["privacyNotice"]
        let query = "?\(Self.careNetworkParameter)=\(network.slug)"
        let view = CoordinatorCareView(
            heading: words.format("careEditHeading", ["network": network.name]), homeHref: CoordinatorPaths.home(network.id),
            action: CoordinatorPaths.care(network.id), notice: notice,
            errors: errors.summary(fieldOrder: fieldOrder), hasErrors: !errors.isEmpty, rows: rows,
            privacyNotice: FormField("privacyNotice", words: words, key: "carePrivacyNotice", value: form.privacyNotice ?? "",
                                     errors: errors, multiline: true),
            helpNowHref: Self.helpNowPath + query, privacyHref: Self.privacyPath + query)
        return try await page("coordinate-care", view, visit: visit, status: status)
    }
}
