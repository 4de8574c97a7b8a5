import HTTPTypes

/// An RFC 9457 problem: every refusal the API answers. `name` is the stable last part of the
/// type URI; the full type is `https://peerhours.example/problems/<name>`.
public struct Problem: Error, Sendable, Hashable {
    public static let typePrefix = "https://peerhours.example/problems/"

    public var status: HTTPResponse.Status
    public var name: String
    public var title: String
    public var detail: String
    public var retryAfterSeconds: Int?
    public var ledgerCode: String?
    public var fieldErrors: [FieldError]

    public struct FieldError: Sendable, Hashable, Codable {
        /// JSON Pointer to the offending value.
        public var pointer: String
        public var detail: String

        public init(pointer: String, detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    public init(
        status: HTTPResponse.Status, name: String, title: String, detail: String,
        retryAfterSeconds: Int? = nil, ledgerCode: String? = nil, fieldErrors: [FieldError] = []
    ) {
        precondition(status.code >= 400 && status.code <= 599, "a problem is an error status")
        self.status = status
        self.name = name
        self.title = title
        self.detail = detail
        self.retryAfterSeconds = retryAfterSeconds
        self.ledgerCode = ledgerCode
        self.fieldErrors = fieldErrors
    }

    public var type: String { Self.typePrefix + name }
}
