import Hummingbird
import Identity

/// The password change form's fields as posted.
struct PasswordChangeForm: Decodable, Sendable {
    var currentPassword: String?
    var newPassword: String?
    var csrf: String?
}

/// The password change page's model; `changed` after a change went through.
struct PasswordChangeView: Sendable {
    var currentPassword: FormField
    var newPassword: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var changed: Bool

    init(words: Words, errors: FormErrors, changed: Bool = false) {
        currentPassword = FormField("currentPassword", words: words, key: "passwordCurrent", errors: errors, type: "password",
                                    autocomplete: "current-password")
        newPassword = FormField("newPassword", words: words, key: "passwordNew", errors: errors, type: "password",
                                autocomplete: "new-password")
        self.errors = errors.summary(fieldOrder: ["currentPassword", "newPassword"])
        hasErrors = !errors.isEmpty
        self.changed = changed
    }
}

extension WebApp {
    func showPasswordChange<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard visit.signedIn != nil else { return redirect("/sign-in", visit: visit) }
        return try await page("password", PasswordChangeView(words: visit.words, errors: FormErrors()), visit: visit)
    }

    /// The identity service checks the current password (a wrong one counts against the sign-in
    /// limits) and the policy; every other session of the member is signed out, this one stays.
    func changePassword<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(PasswordChangeForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let current = form.currentPassword ?? "", new = form.newPassword ?? ""
        var errors = FormErrors()
        if current.isEmpty { errors.add("currentPassword", visit.words["passwordCurrentMissing"]) }
        if new.isEmpty { errors.add("newPassword", visit.words["passwordNewMissing"]) }
        if errors.isEmpty {
            do {
                try await identity.changePassword(
                    memberID: signedIn.principal.memberID, currentPassword: current, newPassword: new,
                    keptSessionToken: signedIn.sessionToken, clientAddress: context.clientAddress)
                return try await page("password", PasswordChangeView(words: visit.words, errors: FormErrors(), changed: true), visit: visit)
            } catch IdentityError.invalidCredentials {
                errors.add("currentPassword", visit.words["passwordCurrentWrong"])
            } catch IdentityError.rateLimited(let retryAfterSeconds) {
                let minutes = String(max(1, (retryAfterSeconds + 59) / 60))
                errors.add("currentPassword", visit.words.format("passwordRateLimited", ["minutes": minutes]))
            } catch IdentityError.passwordPolicy(let violation) {
                errors.add("newPassword", InvitationChecks.message(violation, words: visit.words))
            }
        }
        return try await page("password", PasswordChangeView(words: visit.words, errors: errors), visit: visit, status: .unprocessableContent)
    }
}
