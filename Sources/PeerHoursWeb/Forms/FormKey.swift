import Crypto
import Exchange
import Foundation
import Identity

/// A form that creates something carries a fresh random key (a hidden field, made when the form
/// was drawn). Posted with it, the creation is keyed as an API request with an Idempotency-Key
/// is: a second submit of the same form — a double click, a resend after a lost answer — finds
/// what the first made instead of making it again.
enum FormKey {
    static func generate() -> String { SecretToken.generate() }

    /// The actor with the form's key as its operation key, bound to the member and to `purpose`
    /// (what the form creates: one form may create two things, each keyed apart); the request
    /// hash is its content, so the same form sent again with other content is told apart.
    static func actor(_ actor: Actor, formKey: String?, purpose: String, content: String) -> Actor {
        guard let formKey, SecretToken.isWellFormed(formKey) else { return actor }
        var keyed = actor
        keyed.operationKey = OperationKey(
            keyHash: digest("form-key\u{0}\(actor.memberID.rawValue)\u{0}\(purpose)\u{0}\(formKey)"),
            requestHash: digest("\(purpose)\u{0}\(content)"))
        return keyed
    }

    private static func digest(_ text: String) -> Data { Data(SHA256.hash(data: Data(text.utf8))) }
}
