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
