import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/corrections/new?transfer=T&member=M`: correct one posted movement
/// from a member's statement — says between whom it moved by name, asks how many minutes to move
/// back (all by default) and why (required) — through `CorrectionService.correct`, then back to
/// the member's page. The domain's refusals (the coordinator's own account, another network's
/// transfer, more than is left) are form errors, never a 500.
struct CoordinatorCorrectionView: Sendable {
    var heading: String
    var backHref: String
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var movement: String
    var effect: String
    var action: String
    var transfer: String
    var member: String
    var formKey: String
    var minutes: FormField
    var reason: FormField
}

/// `/coordinate/networks/{id}/corrections`: the network's corrections, oldest first, 20 a page —
/// when, between whom, how much moved back, the reason and who made it.
struct CoordinatorCorrectionsView: Sendable {
    struct Row: Sendable {
        var day: String
        var between: String
        var hours: String
        var reason: String
        var by: String
    }

    var heading: String
    var homeHref: String
    var notice: String?
    var rows: [Row]
    var hasRows: Bool
    var nextPage: String?
}

struct CorrectionForm: Decodable, Sendable {
    var csrf: String?
    var formKey: String?
    var transfer: String?
    var member: String?
    var minutes: String?
    var reason: String?
}

extension WebApp {
    static let coordinatorCorrectionsPageSize = 20

    func coordinatorNewCorrection<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let query = request.uri.queryParameters
        guard let transfer = try Self.positiveID(query.get("transfer").map { String($0) }) else { throw WebRefusal.notFound }
        let transferID = TransferID(transfer)
        let memberID = try Self.positiveID(query.get("member").map { String($0) }).map { MemberID($0) }
        return try await correctionForm(signedIn, networkID, transferID, memberID: memberID, visit: visit)
    }

    func coordinatorCorrect<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(CorrectionForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let networkID = NetworkID(try pathID(context))
        guard let transferID = try Self.positiveID(form.transfer).map({ TransferID($0) }) else { throw WebRefusal.notFound }
        let memberID = try Self.positiveID(form.member).map { MemberID($0) }
        let words = visit.words
        let movement = try await exchange.corrections.correctable(signedIn.actor, networkID: networkID, transferID: transferID)
        var errors = FormErrors()
        let minutesText = (form.minutes ?? "").trimmingCharacters(in: .whitespaces)
        var minutes: Int64?
        if !minutesText.isEmpty {
            if minutesText.count <= 9, let value = Int64(minutesText), (1...movement.amountMinutes).contains(value) {
                minutes = value
            } else {
                errors.add("minutes", words.format("coordinateCorrectionMinutesInvalid", ["max": String(movement.amountMinutes)]))
            }
        }
        let reason = Self.reasonText(form.reason ?? "", field: "reason", keyPrefix: "coordinateCorrectionReason", words: words,
                                     errors: &errors)
        let again = { (errors: FormErrors, status: HTTPResponse.Status) in
            try await self.correctionForm(signedIn, networkID, transferID, memberID: memberID, visit: visit,
                                          minutes: form.minutes ?? "", reason: form.reason ?? "", errors: errors, status: status)
        }
        guard let reason, errors.isEmpty else { return try await again(errors, .unprocessableContent) }
        let content = "\(transferID.rawValue)\u{0}\(minutes ?? 0)\u{0}\(reason)"
        let actor = FormKey.actor(signedIn.actor, formKey: form.formKey, purpose: "correction", content: content)
        do {
            _ = try await exchange.corrections.correct(actor, networkID: networkID,
                                                       CorrectionDraft(transferID: transferID, minutes: minutes, reason: reason))
        } catch let error as ExchangeError {
            guard let message = Self.correctionRefusal(error, words: words) else { throw error }
            errors.add(message.field, message.text)
            return try await again(errors, .unprocessableContent)
        }
        let back = memberID.map { CoordinatorPaths.member(networkID, $0) } ?? CoordinatorPaths.corrections(networkID)
        return redirect(back + "?corrected=1", visit: visit)
    }

    /// The domain's refusals a coordinator can act on, as a message at a field; nil: not a form mistake.
    static func correctionRefusal(_ error: ExchangeError, words: Words) -> (field: String, text: String)? {
        switch error {
        case .forbidden: ("reason", words["coordinateCorrectionOwnAccount"])
        case .invalidState: ("reason", words["coordinateCorrectionCrossNetwork"])
        case .ledgerRefused(.reversalExceedsOriginal, _): ("minutes", words["coordinateCorrectionTooMuch"])
        case .ledgerRefused: ("minutes", words["coordinateCorrectionLedgerRefused"])
        case .validation(let problem) where problem.field == "minutes": ("minutes", words["coordinateCorrectionTooMuch"])
        case .idempotencyKeyReused: ("reason", words["coordinateCorrectionResubmitted"])
        default: nil
        }
    }

    private func correctionForm(_ signedIn: Visit.SignedIn, _ networkID: NetworkID, _ transferID: TransferID, memberID: MemberID?,
                                visit: Visit, minutes: String? = nil, reason: String = "", errors: FormErrors = FormErrors(),
                                status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        _ = try await coordinatedNetwork(actor, networkID)
        let movement = try await exchange.corrections.correctable(actor, networkID: networkID, transferID: transferID)
        let debit = try await sideName(actor, movement.debit, words: words)
        let credit = try await sideName(actor, movement.credit, words: words)
        let hours = HoursText.text(minutes: movement.amountMinutes, words: words)
        var minutesField = FormField("minutes", words: words, key: "coordinateCorrectionMinutes",
                                     value: minutes ?? String(movement.amountMinutes), errors: errors)
        minutesField.hint = words.format("coordinateCorrectionMinutesHint", ["minutes": String(movement.amountMinutes)])
        minutesField.describedBy = FormField.describedBy(hint: minutesField.hintID,
                                                         error: minutesField.error == nil ? nil : minutesField.errorID)
        let view = CoordinatorCorrectionView(
            heading: words["coordinateCorrectionHeading"],
            backHref: memberID.map { CoordinatorPaths.member(networkID, $0) } ?? CoordinatorPaths.corrections(networkID),
            errors: errors.summary(fieldOrder: ["minutes", "reason"]), hasErrors: !errors.isEmpty,
            movement: words.format("coordinateCorrectionMovement", ["hours": hours, "from": debit, "to": credit,
                                                                    "day": when.day(movement.at)]),
            effect: words.format("coordinateCorrectionEffect", ["from": credit, "to": debit]),
            action: CoordinatorPaths.newCorrectionRoute(networkID), transfer: String(transferID.rawValue),
            member: memberID.map { String($0.rawValue) } ?? "", formKey: FormKey.generate(), minutes: minutesField,
            reason: FormField("reason", words: words, key: "coordinateCorrectionReason", value: reason, errors: errors,
                              multiline: true))
        return try await page("coordinate-correction", view, visit: visit, status: status)
    }

    func coordinatorCorrections<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(actor, networkID)
        let cursor = request.uri.queryParameters.get("cursor").map { String($0) }
        let listed = try await listing {
            try await exchange.corrections.corrections(actor, networkID: networkID,
                                                       page: PageRequest(cursor: cursor, size: Self.coordinatorCorrectionsPageSize))
        }
        var rows: [CoordinatorCorrectionsView.Row] = []
        for correction in listed.items {
            let movement = try await readable {
                try await exchange.corrections.correctable(actor, networkID: networkID, transferID: correction.correctedTransferID)
            }
            var between = ""
            if let movement {
                // Moved back: from the one the original credited to the one it debited.
                between = words.format("coordinateCorrectionBetween", [
                    "from": try await sideName(actor, movement.credit, words: words),
                    "to": try await sideName(actor, movement.debit, words: words),
                ])
            }
            rows.append(.init(day: when.day(correction.createdAt), between: between,
                              hours: HoursText.text(minutes: correction.minutes, words: words), reason: correction.reason,
                              by: try await memberName(actor, correction.createdByID) ?? words["coordinateFormerMember"]))
        }
        let view = CoordinatorCorrectionsView(
            heading: words.format("coordinateCorrectionsHeading", ["network": network.name]),
            homeHref: CoordinatorPaths.home(networkID),
            notice: request.uri.queryParameters.get("corrected") == nil ? nil : words["coordinateCorrectionDone"],
            rows: rows, hasRows: !rows.isEmpty,
            nextPage: listed.nextCursor.map { ListingPaths.nextPage(CoordinatorPaths.corrections(networkID), cursor: $0) })
        return try await page("coordinate-corrections", view, visit: visit)
    }

    /// A side of a movement in words: a member by name, or one of the network's own accounts.
    private func sideName(_ actor: Actor, _ side: CorrectableTransfer.Side, words: Words) async throws -> String {
        switch side {
        case .member(let memberID): try await memberName(actor, memberID) ?? words["coordinateFormerMember"]
        case .account(let kind): words["coordinateCorrectionAccount_" + kind.rawValue]
        }
    }

    /// A query's or form's id: absent is nil; anything but a whole number in the ids' range is a 404.
    static func positiveID(_ text: String?) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int64(text), (1...9_007_199_254_740_991).contains(value) else { throw WebRefusal.notFound }
        return value
    }
}
