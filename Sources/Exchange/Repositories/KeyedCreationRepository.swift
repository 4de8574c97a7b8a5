import Foundation
import Ledger

/// What keyed requests created. Every insert that takes `keyed` stores it, with the new row's id,
/// in the row's own transaction (`KeyedCreation`); a second record for the same member and key
/// hash is refused as a `.conflict`, so two attempts never both create.
public protocol KeyedCreationRepository: Sendable {
    /// What the member's request with this key hash created, if it committed and was not pruned.
    func keyedCreation(memberID: MemberID, keyHash: Data) async throws -> KeyedCreation?
    /// Drops the records created before `before` (their keys' retention is over).
    func deleteKeyedCreations(before: Date) async throws
}
