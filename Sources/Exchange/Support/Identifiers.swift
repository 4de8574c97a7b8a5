import Ledger

/// A domain identifier: a positive `Int64` (an SQLite rowid), exposed in the API as an integer.
/// Networks use the ledger's `NetworkID`: a network's domain id is also its ledger network id.
public typealias DomainID<Tag> = OpaqueID<Tag>

public enum MemberTag: Sendable {}
public enum OfferTag: Sendable {}
public enum RequestTag: Sendable {}
public enum ExchangeTag: Sendable {}
public enum GroupSessionTag: Sendable {}
public enum AuditEventTag: Sendable {}
public enum CorrectionTag: Sendable {}
public enum AgreementTag: Sendable {}

public typealias MemberID = DomainID<MemberTag>
public typealias OfferID = DomainID<OfferTag>
public typealias RequestID = DomainID<RequestTag>
public typealias ExchangeID = DomainID<ExchangeTag>
public typealias GroupSessionID = DomainID<GroupSessionTag>
public typealias AuditEventID = DomainID<AuditEventTag>
public typealias CorrectionID = DomainID<CorrectionTag>
public typealias AgreementID = DomainID<AgreementTag>

/// Who is acting: every service method takes one first and checks it.
public struct Actor: Sendable, Hashable {
    public var memberID: MemberID
    public var isAdministrator: Bool
    /// The Idempotency-Key of the request being served, when it carries one: what a creation
    /// records with its row (`KeyedCreation`).
    public var operationKey: OperationKey?

    public init(memberID: MemberID, isAdministrator: Bool = false, operationKey: OperationKey? = nil) {
        self.memberID = memberID
        self.isAdministrator = isAdministrator
        self.operationKey = operationKey
    }
}
