import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/settings`: the network's policy in words ("10 h") and a form that
/// changes it through `NetworkService.updatePolicy` (as the API's `updateNetworkPolicy`, audited
/// there); the coordinators by name and the kinds of support, with who may change them (only
/// administrators may appoint a coordinator or add a kind, so the page says so).
struct CoordinatorSettingsView: Sendable {
    struct Fact: Sendable {
        var label: String
        var value: String
    }

    var heading: String
    var homeHref: String
    var action: String
    var notice: String?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var facts: [Fact]
    var floorHours: FormField
    var ceilingHours: FormField
    var welcomeHours: FormField
    var autoConfirmDays: FormField
    var groupPayment: SelectField
    /// How many days descriptions and messages are kept after the end (`RetentionService`).
    var retentionDays: FormField
    var coordinators: [String]
    var hasCoordinators: Bool
    var supportKinds: [String]
}

/// What the settings form sends: text as typed, so that a mistake is shown with the input kept.
struct NetworkSettingsForm: Decodable, Sendable {
    static let fieldOrder = ["floorHours", "ceilingHours", "welcomeHours", "autoConfirmDays", "groupPayment", "retentionDays"]
    /// The domain's field for each of the form's, for its refusals.
    static let domainFields = ["creditFloorMinutes": "floorHours", "ceilingMinutes": "ceilingHours",
                               "welcomeGrantMinutes": "welcomeHours", "autoConfirmDays": "autoConfirmDays"]
    static let hoursLengthMax = 12

    var csrf: String?
    var floorHours: String?
    var ceilingHours: String?
    var welcomeHours: String?
    var autoConfirmDays: String?
    var groupPayment: String?
    /// The coordinators' page only (issue 21); nil: not sent, the period stays as it is.
    var retentionDays: String?

    /// The form as it first shows `policy`.
    init(_ policy: NetworkPolicy) {
        floorHours = Self.hoursText(-policy.creditFloorMinutes)
        ceilingHours = policy.ceilingMinutes.map(Self.hoursText) ?? ""
        welcomeHours = Self.hoursText(policy.welcomeGrantMinutes)
        autoConfirmDays = String(policy.autoConfirmDays)
        groupPayment = policy.groupSessionPayment.rawValue
    }

    /// `current` with the form's values; a mistake of form is added at its field (the domain
    /// judges the ranges). The grace period is not on the page and stays as it is.
    func policy(_ current: NetworkPolicy, words: Words, errors: inout FormErrors) -> NetworkPolicy {
        var policy = current
        func hours(_ field: String, _ text: String?) -> Int64? {
            guard let minutes = Self.minutes(hours: text ?? "") else {
                errors.add(field, words["netSettingsHoursInvalid"])
                return nil
            }
            return minutes
        }
        if let owed = hours("floorHours", floorHours) { policy.creditFloorMinutes = -owed }
        let ceiling = (ceilingHours ?? "").trimmingCharacters(in: .whitespaces)
        if ceiling.isEmpty { policy.ceilingMinutes = nil } else if let held = hours("ceilingHours", ceiling) { policy.ceilingMinutes = held }
        if let grant = hours("welcomeHours", welcomeHours) { policy.welcomeGrantMinutes = grant }
        if let days = Int((autoConfirmDays ?? "").trimmingCharacters(in: .whitespaces)) { policy.autoConfirmDays = days }
        else { errors.add("autoConfirmDays", words["netSettingsError_autoConfirmDays"]) }
        if let payment = GroupSessionPayment(rawValue: groupPayment ?? "") { policy.groupSessionPayment = payment }
        else { errors.add("groupPayment", words["netSettingsError_groupPayment"]) }
        return policy
    }

    /// Hours as typed ("10", "1.5", "0.25") in whole minutes, rounded to the nearest (half up);
    /// nil when it is not a plain non-negative number of at most `hoursLengthMax` characters.
    static func minutes(hours text: String) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.count <= hoursLengthMax, parts.count <= 2,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let whole = Int64(parts[0]) else { return nil }
        guard parts.count == 2, let fraction = Int64(parts[1]) else { return whole * 60 }
        var scale: Int64 = 1
        for _ in parts[1] { scale *= 10 }
        return whole * 60 + (fraction * 120 + scale) / (2 * scale)
    }

    /// Minutes as the form shows hours, to the hundredth: "10", "1.5", "1.67".
    static func hoursText(_ minutes: Int64) -> String {
        let hundredths = (minutes * 200 + 60) / 120
        let whole = hundredths / 100, rest = hundredths % 100
        guard rest != 0 else { return String(whole) }
        let digits = rest < 10 ? "0\(rest)" : String(rest)
        return "\(whole)." + (digits.hasSuffix("0") ? String(digits.dropLast()) : digits)
    }
}

extension WebApp {
    /// At most this many pages of active members are read to find the coordinators.
    static let settingsMemberPagesMax = 20

    func coordinatorSettings<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(signedIn.actor, networkID)
        let saved = request.uri.queryParameters.get("saved") != nil
        var form = NetworkSettingsForm(network.policy)
        form.retentionDays = String(try await exchange.retention.settings(signedIn.actor, networkID: networkID).days)
        return try await settingsPage(signedIn.actor, network, form: form, errors: FormErrors(),
                                      notice: saved ? visit.words["netSettingsSaved"] : nil, visit: visit)
    }

    func coordinatorSaveSettings<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(NetworkSettingsForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(signedIn.actor, networkID)
        var errors = FormErrors()
        let policy = form.policy(network.policy, words: visit.words, errors: &errors)
        let retentionDays = Self.retentionDays(form, words: visit.words, errors: &errors)
        if errors.isEmpty {
            do {
                _ = try await exchange.networks.updatePolicy(signedIn.actor, networkID, policy)
                if let retentionDays {
                    _ = try await exchange.retention.update(signedIn.actor, networkID: networkID, RetentionSettings(days: retentionDays))
                }
                return redirect(CoordinatorPaths.settings(networkID) + "?saved=1", visit: visit)
            } catch ExchangeError.validation(let broken) {
                guard let field = NetworkSettingsForm.domainFields[broken.field] else { throw ExchangeError.validation(broken) }
                errors.add(field, visit.words["netSettingsError_" + field])
            }
        }
        return try await settingsPage(signedIn.actor, network, form: form, errors: errors, notice: nil, visit: visit,
                                      status: .unprocessableContent)
    }

    private func settingsPage(_ actor: Actor, _ network: Network, form: NetworkSettingsForm, errors: FormErrors, notice: String?,
                              visit: Visit, status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words
        let field = { (name: String, value: String?) in FormField(name, words: words, key: "netSettings_" + name, value: value ?? "", errors: errors) }
        let payments: [(value: String, label: String)] = GroupSessionPayment.allCases.map {
            (value: $0.rawValue, label: words["netSettingsPayment_" + $0.rawValue])
        }
        let coordinators = try await coordinatorNames(actor, network.id, words: words)
        let kinds = try await exchange.networks.supportKinds(actor).map { ListingWords.kind($0, words: words) }
        let view = CoordinatorSettingsView(
            heading: words.format("netSettingsHeading", ["network": network.name]),
            homeHref: CoordinatorPaths.home(network.id), action: CoordinatorPaths.settings(network.id), notice: notice,
            errors: errors.summary(fieldOrder: NetworkSettingsForm.fieldOrder), hasErrors: !errors.isEmpty,
            facts: Self.policyFacts(network.policy, words: words),
            floorHours: field("floorHours", form.floorHours), ceilingHours: field("ceilingHours", form.ceilingHours),
            welcomeHours: field("welcomeHours", form.welcomeHours), autoConfirmDays: field("autoConfirmDays", form.autoConfirmDays),
            groupPayment: SelectField("groupPayment", label: words["netSettings_groupPaymentLabel"], hint: nil, options: payments,
                                      selected: form.groupPayment, errors: errors),
            retentionDays: field("retentionDays", form.retentionDays),
            coordinators: coordinators, hasCoordinators: !coordinators.isEmpty,
            supportKinds: kinds)
        return try await page("coordinate-settings", view, visit: visit, status: status)
    }

    /// The retention period as typed, when sent: whole days in `RetentionService.daysRange`, else
    /// a mistake at its field (checked before anything is saved).
    static func retentionDays(_ form: NetworkSettingsForm, words: Words, errors: inout FormErrors) -> Int? {
        guard let text = form.retentionDays else { return nil }
        guard let days = Int(text.trimmingCharacters(in: .whitespaces)), RetentionService.daysRange.contains(days) else {
            errors.add("retentionDays", words["netSettingsError_retentionDays"])
            return nil
        }
        return days
    }

    /// The policy as people read it: "10 h", "No limit", "7 days".
    static func policyFacts(_ policy: NetworkPolicy, words: Words) -> [CoordinatorSettingsView.Fact] {
        let hours = { (minutes: Int64) in HoursText.text(minutes: minutes, words: words) }
        return [
            .init(label: words["netSettingsFact_floor"], value: hours(-policy.creditFloorMinutes)),
            .init(label: words["netSettingsFact_ceiling"], value: policy.ceilingMinutes.map(hours) ?? words["netSettingsNoLimit"]),
            .init(label: words["netSettingsFact_welcome"], value: hours(policy.welcomeGrantMinutes)),
            .init(label: words["netSettingsFact_autoConfirm"], value: words.format("netSettingsDays", ["days": String(policy.autoConfirmDays)])),
            .init(label: words["netSettingsFact_payment"], value: words["netSettingsPayment_" + policy.groupSessionPayment.rawValue]),
        ]
    }

    /// The network's active coordinators by display name, reading at most `settingsMemberPagesMax`
    /// pages of its active members.
    func coordinatorNames(_ actor: Actor, _ networkID: NetworkID, words: Words) async throws -> [String] {
        var names: [String] = [], cursor: String? = nil
        for _ in 0..<Self.settingsMemberPagesMax {
            let page = try await exchange.memberships.members(actor, of: networkID, status: .active,
                                                              page: PageRequest(cursor: cursor, size: PageRequest.sizeMax))
            for membership in page.items where membership.isActiveCoordinator {
                names.append(try await memberName(actor, membership.memberID, words))
            }
            cursor = page.nextCursor
            if cursor == nil { break }
        }
        return names
    }
}
