import Hummingbird
import Exchange
import Identity
import Ledger
import NIOHTTP1
import OpenAPIRuntime
import Onboarding

/// Turns whatever a handler, the generated code or Hummingbird threw into a problem. Errors
/// that are not understood become 500 `internal` and are logged with the request id.
enum ErrorTranslation {
    static func problem(for error: any Error, requestID: String) -> Problem? {
        switch error {
        case let problem as Problem: return problem
        case let identity as IdentityError: return Problem(identity)
        case let exchange as ExchangeError: return Problem(exchange)
        case let refusal as SignUp.Refusal: return Problem(refusal)
        case let ledger as LedgerError: return Problem(ledger)
        case let unavailable as StoreUnavailable: return .databaseUnavailable(unavailable)
        case let serverError as ServerError: return problem(for: serverError, requestID: requestID)
        case let decoding as DecodingError: return .invalidRequest(describe(decoding))
        case let date as InvalidDateTimeError: return DateTimeProblemMiddleware.problem(date, pointers: [])
        // A body NIO's parser cannot read (e.g. an invalid chunk size) is the client's error.
        case let parser as HTTPParserError: return .invalidRequest("The request body could not be read as HTTP/1.1 (\(parser)).")
        case let http as HTTPError: return problem(forStatus: http.status, detail: http.body)
        case let responseError as any HTTPResponseError: return problem(forStatus: responseError.status, detail: nil)
        default: return nil
        }
    }

    private static func problem(for serverError: ServerError, requestID: String) -> Problem? {
        if let inner = problem(for: serverError.underlyingError, requestID: requestID) { return inner }
        let status = serverError.httpStatus
        guard status.kind == .clientError else { return nil }
        let detail = String(String(describing: serverError.underlyingError).prefix(500))
        return problem(forStatus: status, detail: detail)
    }

    static func problem(forStatus status: HTTPResponse.Status, detail: String?) -> Problem {
        switch status {
        case .notFound: return .notFound(detail ?? "No such path.")
        case .methodNotAllowed: return .methodNotAllowed
        case .contentTooLarge: return .payloadTooLarge(limitBytes: BodyLimitMiddleware<PeerHoursRequestContext>.defaultLimitBytes)
        case .unsupportedMediaType: return .unsupportedMediaType(detail ?? "Send application/json.")
        case .notAcceptable: return .notAcceptable(detail ?? "This operation answers application/json.")
        case .unauthorized: return .unauthenticated
        default:
            if status.kind == .clientError { return .invalidRequest(detail ?? status.reasonPhrase) }
            return Problem(status: status, name: "unavailable", title: status.reasonPhrase, detail: detail ?? status.reasonPhrase)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            "/" + context.codingPath.map(\.stringValue).joined(separator: "/")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context))/\(key.stringValue) is required.".replacingOccurrences(of: "//", with: "/")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "The request body could not be read."
        }
    }
}
