import Foundation
import Hummingbird
import OpenAPIRuntime

/// Names the field of a request body's unreadable date-time and shows the expected form: the
/// JSON decoder loses the field's path when a date strategy throws, so on that error (only) the
/// body — already collected by `BodyLimitMiddleware` — is searched for the offending string.
struct DateTimeProblemMiddleware: RouterMiddleware {
    typealias Context = PeerHoursRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            guard let invalid = Self.invalidDateTime(in: error) else { throw error }
            let body = try? await request.body.collect(upTo: context.maxUploadSize)
            throw Self.problem(invalid, pointers: body.map { Self.pointers(to: invalid.text, in: Data($0.readableBytesView)) } ?? [])
        }
    }

    static func invalidDateTime(in error: any Error) -> InvalidDateTimeError? {
        if let invalid = error as? InvalidDateTimeError { return invalid }
        if let server = error as? ServerError { return invalidDateTime(in: server.underlyingError) }
        return nil
    }

    static func problem(_ invalid: InvalidDateTimeError, pointers: [String]) -> Problem {
        let detail = "\(InvalidDateTimeError.expectation), not \(invalid.quotedText)"
        guard !pointers.isEmpty else { return .invalidRequest("A date-time \(detail).") }
        let names = pointers.map { String($0.dropFirst()) }.joined(separator: " and ")
        return .invalidRequest("\(names) \(detail).", fieldErrors: pointers.map { .init(pointer: $0, detail: detail) })
    }

    /// JSON Pointers (RFC 6901) to every string in `json` equal to `text`.
    static func pointers(to text: String, in json: Data) -> [String] {
        guard let root = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) else { return [] }
        var found: [String] = []
        func walk(_ value: Any, _ pointer: String) {
            switch value {
            case let string as String where string == text: found.append(pointer)
            case let object as [String: Any]:
                for key in object.keys.sorted() {
                    walk(object[key] as Any, pointer + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1"))
                }
            case let array as [Any]:
                for (index, element) in array.enumerated() { walk(element, pointer + "/\(index)") }
            default: break
            }
        }
        walk(root, "")
        return found
    }
}
