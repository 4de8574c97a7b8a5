import Foundation
import Hummingbird
import Identity

/// The sign-in form's fields as posted.
struct SignInForm: Decodable, Sendable {
    var email: String?
    var password: String?
    var csrf: String?
}

/// The sign-out form (a button in the page header) as posted.
struct SignOutForm: Decodable, Sendable {
    var csrf: String?
}

/// The sign-in page's model. `passwordReset`: just back from setting a new password through a
/// reset link; `lockedOut`: too many failed attempts, so the way back (a reset) is offered.
struct SignInView: Sendable {
    var email: FormField
    var password: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var passwordReset: Bool
    var lockedOut: Bool

    init(words: Words, email: String, errors: FormErrors, passwordReset: Bool = false, lockedOut: Bool = false) {
        self.email = FormField("email", words: words, key: "signInEmail", value: email, errors: errors, type: "email",
                               autocomplete: "email")
        password = FormField("password", words: words, key: "signInPassword", errors: errors, type: "password",
                             autocomplete: "current-password")
        self.errors = errors.summary(fieldOrder: ["email", "password"])
        hasErrors = !errors.isEmpty
        self.passwordReset = passwordReset
        self.lockedOut = lockedOut
    }
}

extension WebApp {
    func showSignIn<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request, preparingForms: true)
        if visit.signedIn != nil { return redirect("/") }
        return signInPage(visit, passwordReset: request.uri.queryParameters.get("reset") == "1")
    }

    func signInPage(_ visit: Visit, email: String = "", errors: FormErrors = FormErrors(), passwordReset: Bool = false,
                    lockedOut: Bool = false) -> Response {
        let view = SignInView(words: visit.words, email: email, errors: errors, passwordReset: passwordReset, lockedOut: lockedOut)
        return renderPage("sign-in", view, visit: visit, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// Email and password through the identity service's login — the API's rate limits, counted
    /// by the same keys — then a new session token in a new cookie (a session the visitor had
    /// before is revoked: no fixation), the form cookie dropped, and home.
    func signIn<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(SignInForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form.password ?? ""
        var errors = FormErrors()
        if email.isEmpty {
            errors.add("email", visit.words["signInEmailMissing"])
        } else if !EmailAddress.isPlausible(email) {
            errors.add("email", visit.words["signInEmailInvalid"])
        }
        if password.isEmpty { errors.add("password", visit.words["signInPasswordMissing"]) }
        guard errors.isEmpty else { return signInPage(visit, email: email, errors: errors) }
        let session: IdentityService.IssuedSession
        do {
            guard password.unicodeScalars.count <= PasswordPolicy.lengthMax else { throw IdentityError.invalidCredentials }
            session = try await identity.login(email: email, password: password, clientAddress: context.clientAddress)
        } catch IdentityError.invalidCredentials {
            errors.add("email", visit.words["signInWrong"])
            return signInPage(visit, email: email, errors: errors)
        } catch IdentityError.rateLimited(let retryAfterSeconds) {
            let minutes = String(max(1, (retryAfterSeconds + 59) / 60))
            errors.add("email", visit.words.format("signInRateLimited", ["minutes": minutes]))
            return signInPage(visit, email: email, errors: errors, lockedOut: true)
        }
        return try await startSession(session, replacing: visit)
    }

    /// The response that signs `session` in: its cookie set, the form cookie removed, any
    /// earlier session of this browser revoked, and home.
    func startSession(_ session: IdentityService.IssuedSession, replacing visit: Visit) async throws -> Response {
        if let earlier = visit.signedIn { _ = try await identity.logout(bearerToken: earlier.sessionToken) }
        var response = redirect("/")
        response.setCookie(cookies.session(session.token, expiresAt: session.expiresAt))
        response.setCookie(cookies.removal(SessionCookies.formName))
        return response
    }

    /// Revokes the session (the token is useless from now on, here and at the API) and removes
    /// its cookie.
    func signOut<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(SignOutForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        if let signedIn = visit.signedIn { _ = try await identity.logout(bearerToken: signedIn.sessionToken) }
        var response = redirect("/")
        response.setCookie(cookies.removal(SessionCookies.sessionName))
        return response
    }
}
