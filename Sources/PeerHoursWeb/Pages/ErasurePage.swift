import Exchange
import Hummingbird
import Identity
import Onboarding

/// The erasure form's fields as posted.
struct ErasureForm: Decodable, Sendable {
    var confirm: String?
    var password: String?
    var csrf: String?
}

/// `/account/erase`: what erasure deletes and what stays, the phrase and the password.
struct ErasureView: Sendable {
    var confirm: FormField
    var password: FormField
    var phrase: String
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool

    init(words: Words, errors: FormErrors, confirm: String = "") {
        self.confirm = FormField("confirm", words: words, key: "erasureConfirm", value: confirm, errors: errors)
        password = FormField("password", words: words, key: "erasurePassword", errors: errors, type: "password",
                             autocomplete: "current-password")
        phrase = MemberErasure.confirmationPhrase
        self.errors = errors.summary(fieldOrder: ["confirm", "password"])
        hasErrors = !errors.isEmpty
    }
}

/// `/account/erased`: shown once the member is erased and signed out.
struct ErasedView: Sendable {}

extension WebApp {
    static let erasureRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/account/erase"), (.post, "/account/erase"), (.get, "/account/erased"),
    ]

    func registerErasurePages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        pages.get("/account/erase") { request, context in try await self.showErasure(request, context: context) }
        pages.post("/account/erase") { request, context in try await self.erase(request, context: context) }
        pages.get("/account/erased") { request, _ in
            try await self.page("erased", ErasedView(), visit: try await self.visit(request))
        }
    }

    func showErasure<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard visit.signedIn != nil else { return redirect("/sign-in", visit: visit) }
        return try await page("erase", ErasureView(words: visit.words, errors: FormErrors()), visit: visit)
    }

    /// `MemberErasure.eraseSelf`, as the API's `POST /members/me/erasure`: the phrase exactly and
    /// the password (a wrong one counts against the sign-in limits); then the session cookie goes.
    func erase<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(ErasureForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let confirm = (form.confirm ?? "").trimmingCharacters(in: .whitespaces), password = form.password ?? ""
        var errors = FormErrors()
        if confirm != MemberErasure.confirmationPhrase { errors.add("confirm", visit.words["erasureConfirmWrong"]) }
        if password.isEmpty { errors.add("password", visit.words["erasurePasswordMissing"]) }
        if errors.isEmpty {
            do {
                _ = try await MemberErasure(identity: identity, exchange: exchange, mailDirectory: configuration.mailDirectory)
                    .eraseSelf(memberID: signedIn.principal.memberID, isAdministrator: signedIn.principal.isAdministrator,
                               confirm: confirm, password: password, clientAddress: context.clientAddress)
                var response = redirect("/account/erased")
                response.setCookie(cookies.removal(SessionCookies.sessionName))
                return response
            } catch IdentityError.invalidCredentials {
                errors.add("password", visit.words["erasurePasswordWrong"])
            } catch IdentityError.rateLimited(let retryAfterSeconds) {
                let minutes = String(max(1, (retryAfterSeconds + 59) / 60))
                errors.add("password", visit.words.format("passwordRateLimited", ["minutes": minutes]))
            } catch ExchangeError.invalidState {
                errors.add("confirm", visit.words["erasureAdministrator"])
            }
        }
        return try await page("erase", ErasureView(words: visit.words, errors: errors, confirm: confirm), visit: visit,
                              status: .unprocessableContent)
    }
}
