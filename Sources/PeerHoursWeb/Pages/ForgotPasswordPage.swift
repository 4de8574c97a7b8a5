import Hummingbird
import Identity

/// The "forgot your password" form's fields as posted.
struct ForgotPasswordForm: Decodable, Sendable {
    var email: String?
    var csrf: String?
}

/// `/password/forgot`'s model: the email form, or (`sent`) the "check your email" page, which
/// every address gets alike, whether or not it has an account.
struct ForgotPasswordView: Sendable {
    var email: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var sent: Bool
    /// The link's lifetime in words ("30 minutes").
    var lifetime: String

    init(words: Words, email: String, errors: FormErrors, sent: Bool = false, lifetimeSeconds: Int) {
        self.email = FormField("email", words: words, key: "forgotEmail", value: email, errors: errors, type: "email",
                               autocomplete: "email")
        self.errors = errors.summary(fieldOrder: ["email"])
        hasErrors = !errors.isEmpty
        self.sent = sent
        lifetime = words.format("forgotMinutes", ["minutes": String(max(1, lifetimeSeconds / 60))])
    }
}

extension WebApp {
    func showForgotPassword<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request, preparingForms: true)
        return forgotPasswordPage(visit, email: "", errors: FormErrors())
    }

    /// Asks the identity service for a reset link to the address (its limits are the API's, by
    /// the same keys); the answer is the same page for every address. A missing or malformed
    /// address, or a limit reached, is shown at the field with the input kept.
    func requestPasswordReset<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(ForgotPasswordForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if email.isEmpty {
            errors.add("email", visit.words["forgotEmailMissing"])
        } else if !EmailAddress.isPlausible(email) {
            errors.add("email", visit.words["forgotEmailInvalid"])
        }
        guard errors.isEmpty else { return forgotPasswordPage(visit, email: email, errors: errors) }
        do {
            try await identity.requestPasswordReset(email: email, clientAddress: context.clientAddress)
        } catch IdentityError.passwordResetRateLimited(let retryAfterSeconds) {
            let minutes = String(max(1, (retryAfterSeconds + 59) / 60))
            errors.add("email", visit.words.format("forgotRateLimited", ["minutes": minutes]))
            return forgotPasswordPage(visit, email: email, errors: errors)
        } catch IdentityError.invalidEmail {
            errors.add("email", visit.words["forgotEmailInvalid"])
            return forgotPasswordPage(visit, email: email, errors: errors)
        }
        let view = ForgotPasswordView(
            words: visit.words, email: "", errors: FormErrors(), sent: true,
            lifetimeSeconds: identity.configuration.passwordResetLifetimeSeconds)
        return renderPage("password-forgot", view, visit: visit)
    }

    private func forgotPasswordPage(_ visit: Visit, email: String, errors: FormErrors) -> Response {
        let view = ForgotPasswordView(
            words: visit.words, email: email, errors: errors, lifetimeSeconds: identity.configuration.passwordResetLifetimeSeconds)
        return renderPage("password-forgot", view, visit: visit, status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
