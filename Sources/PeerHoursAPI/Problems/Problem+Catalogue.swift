import Ledger
/// The API's own problem types (ledger codes are in `Problem+Ledger.swift`).
extension Problem {
    public static func invalidRequest(_ detail: String, fieldErrors: [FieldError] = []) -> Problem {
        Problem(status: .badRequest, name: "invalid-request", title: "Invalid request", detail: detail, fieldErrors: fieldErrors)
    }

    public static let unauthenticated = Problem(
        status: .unauthorized, name: "unauthenticated", title: "Authentication required",
        detail: "Send a bearer token from /auth/login; this one is missing, expired or revoked.")

    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, name: "forbidden", title: "Forbidden", detail: detail)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, name: "not-found", title: "Not found", detail: detail)
    }

    public static let methodNotAllowed = Problem(
        status: .methodNotAllowed, name: "method-not-allowed", title: "Method not allowed",
        detail: "This path does not accept this method.")

    public static func invalidState(_ detail: String) -> Problem {
        Problem(status: .conflict, name: "invalid-state", title: "Not possible in this state", detail: detail)
    }

    public static func payloadTooLarge(limitBytes: Int) -> Problem {
        Problem(
            status: .contentTooLarge, name: "payload-too-large", title: "Request body too large",
            detail: "Request bodies are limited to \(limitBytes) bytes.")
    }

    public static func unsupportedMediaType(_ detail: String) -> Problem {
        Problem(status: .unsupportedMediaType, name: "unsupported-media-type", title: "Unsupported media type", detail: detail)
    }

    public static func notAcceptable(_ detail: String) -> Problem {
        Problem(status: .notAcceptable, name: "not-acceptable", title: "Not acceptable", detail: detail)
    }

    public static let idempotencyKeyReused = Problem(
        status: .unprocessableContent, name: "idempotency-key-reused",
        title: "Idempotency-Key reused with a different request",
        detail: "This key was used for a different request in the last 24 hours; use a new key.")

    public static let idempotencyKeyInFlight = Problem(
        status: .conflict, name: "idempotency-key-in-flight", title: "Request with this Idempotency-Key is still running",
        detail: "Retry after the first request with this key has finished.")

    public static func internalError(requestID: String) -> Problem {
        Problem(
            status: .internalServerError, name: "internal", title: "Internal error",
            detail: "The server could not complete the request; it has been logged with request id \(requestID).")
    }

    /// A store's database did not answer (`StoreUnavailable`): nothing was acknowledged, so the
    /// same request may be sent again (a POST with the same Idempotency-Key, which replays the
    /// first if its commit did land).
    public static func databaseUnavailable(_ unavailable: StoreUnavailable) -> Problem {
        Problem(
            status: .serviceUnavailable, name: "database-unavailable", title: "Database unavailable",
            detail: "The \(unavailable.store) database did not answer. Try again shortly; send a POST again with the same "
                + "Idempotency-Key, so that it is not done twice.",
            retryAfterSeconds: 5)
    }

    /// The answer of every operation whose domain module is not wired into this build yet.
    public static func notImplemented(operation: String) -> Problem {
        Problem(
            status: .notImplemented, name: "not-implemented", title: "Not implemented",
            detail: "The operation \(operation) is not available in this build yet.")
    }
}
