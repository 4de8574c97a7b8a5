import Hummingbird

extension WebApp {
    /// The URL-encoded form body as `Form` (its fields optional: a missing field is a mistake to
    /// show, not a failure); a body that is not a form is a 400 page.
    func decodeForm<Form: Decodable, Context: WebRequestContext>(_ type: Form.Type, _ request: Request, context: Context)
        async throws -> Form
    {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else { throw WebRefusal.badRequest }
        do {
            return try await URLEncodedFormDecoder().decode(Form.self, from: request, context: context)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw error
        } catch {
            throw WebRefusal.badRequest
        }
    }
}

/// A form that carries the CSRF token (`FormProtection`) in its `csrf` field.
protocol ProtectedForm: Decodable {
    var csrf: String? { get }
}

extension WebApp {
    /// A signed-in member's form post, in the order every such post checks it: the body read as
    /// `Form`, its CSRF token and origin checked before anything else, then the member signed in
    /// (a visitor who is not: 403). Answers the visit, the form and who is signed in.
    func protectedPost<Form: ProtectedForm, Context: WebRequestContext>(_ type: Form.Type, _ request: Request, context: Context)
        async throws -> (Visit, Form, Visit.SignedIn)
    {
        let visit = try await visit(request)
        let form = try await decodeForm(Form.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        return (visit, form, signedIn)
    }
}
