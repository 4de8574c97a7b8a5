import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/wellbeing/urgent/{rid}`: one urgent request for a wellbeing lead — who asked, their note and
/// how to reach them (read here only; the domain audits the read), where it stands, and the forms
/// that acknowledge it, arrange a conversation (day and time in the lead's zone) and close it
/// (minutes held, optional: paid from the community account). The member who asked is sent to
/// `/urgent`; anyone else is told it does not exist.
struct WellbeingRequestView: Sendable {
    struct Fact: Sendable {
        var label: String
        var value: String
    }

    var heading: String
    var queueHref: String
    var notice: String?
    var refusal: String?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var facts: [Fact]
    var noteParagraphs: [String]
    var hasNote: Bool
    var escalated: Bool
    var canAcknowledge: Bool
    var canArrange: Bool
    var canClose: Bool
    var acknowledgeAction: String
    var arrangeAction: String
    var closeAction: String
    var day: FormField
    var time: FormField
    var minutes: FormField
}

/// What a lead's step forms send, as typed.
struct UrgentStepForm: ProtectedForm, Sendable {
    static let fieldOrder = ["day", "time", "minutes"]

    var csrf: String?
    var day: String?
    var time: String?
    var minutes: String?

    init() {}

    /// "2026-12-08" and "14:30" in `timeZone`, as an instant; nil when either is not of that form
    /// or names no such day or time.
    static func instant(day: String, time: String, timeZone: String) -> Date? {
        guard let dayMatch = day.trimmingCharacters(in: .whitespaces).wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/),
              let timeMatch = time.trimmingCharacters(in: .whitespaces).wholeMatch(of: /(\d{1,2})[:.](\d{2})/),
              let zone = TimeZone(identifier: timeZone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = DateComponents(year: Int(dayMatch.output.1), month: Int(dayMatch.output.2), day: Int(dayMatch.output.3),
                                   hour: Int(timeMatch.output.1), minute: Int(timeMatch.output.2))
        guard let date = calendar.date(from: parts), calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date) == parts
        else { return nil }
        return date
    }
}

extension WebApp {
    func wellbeingRequest<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let id = UrgentRequestID(try pathID(context, "rid"))
        let done = request.uri.queryParameters.get("done").flatMap { UrgentStep(rawValue: String($0)) }
        return try await wellbeingRequestPage(signedIn.actor, id, form: UrgentStepForm(), errors: FormErrors(), visit: visit,
                                              notice: done.map { visit.words["wellbeingDone_" + $0.rawValue] })
    }

    /// POST `/wellbeing/urgent/{rid}/<step>`: the step through the domain, then back to the page
    /// saying so; a mistake at its field (422), a step the request is past at the top (409).
    func wellbeingStep<Context: WebRequestContext>(_ step: UrgentStep, _ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(UrgentStepForm.self, request, context: context)
        let id = UrgentRequestID(try pathID(context, "rid"))
        let actor = signedIn.actor, words = visit.words
        var errors = FormErrors()
        do {
            switch step {
            case .acknowledge:
                _ = try await exchange.urgent.acknowledge(actor, id: id)
            case .arrange:
                guard let at = UrgentStepForm.instant(day: form.day ?? "", time: form.time ?? "", timeZone: visit.timeZone) else {
                    errors.add("day", words["wellbeingError_when"])
                    break
                }
                _ = try await exchange.urgent.arrange(actor, id: id, conversationAt: at)
            case .close:
                let typed = (form.minutes ?? "").trimmingCharacters(in: .whitespaces)
                let minutes = typed.isEmpty ? nil : Int64(typed)
                if !typed.isEmpty && minutes == nil {
                    errors.add("minutes", words["wellbeingError_minutes"])
                    break
                }
                _ = try await exchange.urgent.close(actor, id: id, heldMinutes: minutes)
            }
            if errors.isEmpty { return redirect(UrgentPaths.request(id) + "?done=" + step.rawValue, visit: visit) }
        } catch ExchangeError.validation(let broken) {
            errors.add(broken.field == "heldMinutes" ? "minutes" : "day", words[broken.field == "heldMinutes" ? "wellbeingError_minutes" : "wellbeingError_when"])
        } catch ExchangeError.invalidState, ExchangeError.conflict {
            return try await wellbeingRequestPage(actor, id, form: form, errors: errors, visit: visit,
                                                  refusal: words["wellbeingRefused_" + step.rawValue], status: .conflict)
        }
        return try await wellbeingRequestPage(actor, id, form: form, errors: errors, visit: visit, status: .unprocessableContent)
    }
}
