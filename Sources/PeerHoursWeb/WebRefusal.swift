/// Why a page is refused before anything is done; `PageMiddleware` renders each as its page.
enum WebRefusal: Error, Sendable, Hashable {
    /// A state-changing form without its CSRF token, with a wrong one, or from another origin.
    case forbidden
    case notFound
    /// A form body the pages cannot read (not URL-encoded, or too large).
    case badRequest
}
