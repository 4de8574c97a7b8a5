import Hummingbird
import Identity

/// The new-password form of a reset link, as posted.
struct ResetPasswordForm: Decodable, Sendable {
    var newPassword: String?
    var confirmPassword: String?
    var csrf: String?

    static let fieldOrder = ["newPassword", "confirmPassword"]
}

/// `/password/reset/{token}`'s model: a new password, typed twice.
struct ResetPasswordView: Sendable {
    var action: String
    var newPassword: FormField
    var confirmPassword: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool

    init(words: Words, token: String, errors: FormErrors) {
        action = "/password/reset/" + token
        newPassword = FormField("newPassword", words: words, key: "resetNew", errors: errors, type: "password",
                                autocomplete: "new-password")
        confirmPassword = FormField("confirmPassword", words: words, key: "resetConfirm", errors: errors, type: "password",
                                    autocomplete: "new-password")
        self.errors = errors.summary(fieldOrder: ResetPasswordForm.fieldOrder)
        hasErrors = !errors.isEmpty
    }
}

extension WebApp {
    /// The form when the link works; otherwise one page for a link that is unknown, used,
    /// replaced or expired (they are not told apart).
    func showResetPassword<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request, preparingForms: true)
        let token = try context.parameters.require("token")
        guard try await identity.passwordResetIsOpen(token: token) else { return resetUnavailable(visit) }
        return renderPage("password-reset", ResetPasswordView(words: visit.words, token: token, errors: FormErrors()), visit: visit)
    }

    /// Both passwords given and equal, then the identity service sets it (its policy, shown at the
    /// field); every session of the account is signed out, this browser's too, and the visitor
    /// goes to the sign-in page, which says the password was changed.
    func resetPassword<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(ResetPasswordForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        let token = try context.parameters.require("token")
        let new = form.newPassword ?? "", confirmation = form.confirmPassword ?? ""
        var errors = FormErrors()
        if new.isEmpty { errors.add("newPassword", visit.words["resetNewMissing"]) }
        if confirmation.isEmpty {
            errors.add("confirmPassword", visit.words["resetConfirmMissing"])
        } else if !new.isEmpty && confirmation != new {
            errors.add("confirmPassword", visit.words["resetConfirmDifferent"])
        }
        if errors.isEmpty {
            do {
                try await identity.resetPassword(token: token, newPassword: new)
                return try await passwordWasReset(visit)
            } catch IdentityError.passwordPolicy(let violation) {
                errors.add("newPassword", InvitationChecks.message(violation, words: visit.words))
            } catch IdentityError.passwordResetInvalid {
                return resetUnavailable(visit)
            }
        } else if try await !identity.passwordResetIsOpen(token: token) {
            return resetUnavailable(visit)
        }
        let view = ResetPasswordView(words: visit.words, token: token, errors: errors)
        return renderPage("password-reset", view, visit: visit, status: .unprocessableContent)
    }

    /// To the sign-in page with its "password changed" message; a session this browser held
    /// (perhaps someone else's) is signed out and its cookie removed.
    private func passwordWasReset(_ visit: Visit) async throws -> Response {
        if let signedIn = visit.signedIn { _ = try await identity.logout(bearerToken: signedIn.sessionToken) }
        var response = redirect("/sign-in?reset=1")
        response.setCookie(cookies.removal(SessionCookies.sessionName))
        return response
    }

    private func resetUnavailable(_ visit: Visit) -> Response {
        renderPage("password-reset-unavailable", ResetUnavailableView(), visit: visit, status: .notFound)
    }
}

/// The page of a reset link that does not work (its words are all in the template).
struct ResetUnavailableView: Sendable {}
