import Foundation

/// A request's Idempotency-Key as the domain sees it: the key's hash for its member (the key
/// itself is never stored) and the hash of the request it came with (method, path and body).
/// The API sets it on the `Actor` of a keyed POST; the domain ignores it everywhere but where
/// something is created.
public struct OperationKey: Sendable, Hashable {
    /// SHA-256 of the member and the client's key (32 bytes).
    public var keyHash: Data
    /// SHA-256 of the request the key came with (32 bytes).
    public var requestHash: Data

    public init(keyHash: Data, requestHash: Data) {
        precondition(keyHash.count == 32 && requestHash.count == 32, "SHA-256 digests")
        self.keyHash = keyHash
        self.requestHash = requestHash
    }
}

/// What a keyed creation made: the kinds of resource a keyed POST creates.
public enum KeyedResource: String, Sendable, Hashable, CaseIterable {
    case offer
    case request
    case exchange
    case groupSession = "group_session"
    case agreement
    case correction
    case matchingRun = "matching_run"
    case exchangeMessage = "exchange_message"
    case urgentRequest = "urgent_request"
}

/// The record a keyed creation leaves in the same transaction as the row it creates, so that
/// the effect carries its key: a retry of the request after any crash — the stored response of
/// the Idempotency-Key lost or never written — finds what the first attempt made and answers
/// it, instead of creating it again.
public struct KeyedCreation: Sendable, Hashable {
    public var memberID: MemberID
    public var key: OperationKey
    public var resource: KeyedResource
    /// The created row's id (0 in what is handed to an insert, which allocates it).
    public var resourceID: Int64
    public var createdAt: Date

    public init(memberID: MemberID, key: OperationKey, resource: KeyedResource, resourceID: Int64, createdAt: Date) {
        self.memberID = memberID
        self.key = key
        self.resource = resource
        self.resourceID = resourceID
        self.createdAt = createdAt
    }
}

extension ServiceContext {
    /// A keyed creation's first step, before any rule is checked (a retry must not be refused by
    /// a rule that held when the first attempt ran, e.g. a start no longer in the future): the
    /// id of what an earlier attempt with the actor's key created, or nil when there was none.
    /// The same key with another request, or for another kind of thing, is refused.
    func earlierCreation(_ actor: Actor, _ resource: KeyedResource) async throws -> Int64? {
        guard let key = actor.operationKey,
              let found = try await keyedCreations.keyedCreation(memberID: actor.memberID, keyHash: key.keyHash)
        else { return nil }
        guard found.key.requestHash == key.requestHash, found.resource == resource else {
            throw ExchangeError.idempotencyKeyReused
        }
        return found.resourceID
    }

    /// What an insert records beside its row for the actor's key (nil for an unkeyed call).
    func creationRecord(_ actor: Actor, _ resource: KeyedResource, at now: Date) -> KeyedCreation? {
        actor.operationKey.map {
            KeyedCreation(memberID: actor.memberID, key: $0, resource: resource, resourceID: 0, createdAt: now)
        }
    }
}
