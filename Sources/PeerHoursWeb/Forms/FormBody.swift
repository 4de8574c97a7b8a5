import Foundation
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
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            return try URLEncodedFormDecoder().decode(Form.self, from: Self.unixNewlines(String(decoding: body.readableBytesView, as: UTF8.self)))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw error
        } catch {
            throw WebRefusal.badRequest
        }
    }
}

extension WebApp {
    /// A browser sends a text area's line breaks as CR LF (`%0D%0A`, the HTML standard's form
    /// encoding); the domain keeps text with LF only and refuses other control characters, so a
    /// message or reason of two lines would be refused. Each CR LF, and any lone CR, becomes LF.
    static func unixNewlines(_ encoded: String) -> String {
        encoded.replacingOccurrences(of: "%0D%0A", with: "%0A", options: .caseInsensitive)
            .replacingOccurrences(of: "%0D", with: "%0A", options: .caseInsensitive)
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
