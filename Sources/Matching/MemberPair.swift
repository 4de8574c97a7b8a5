/// Two members, order irrelevant: `MemberPair(a, b) == MemberPair(b, a)`.
public struct MemberPair: Sendable, Hashable {
    public let lowerMemberID: Int64
    public let upperMemberID: Int64

    public init(_ first: Int64, _ second: Int64) {
        lowerMemberID = min(first, second)
        upperMemberID = max(first, second)
    }
}

/// An ordered pair of networks: hours flow from `source`'s members to `target`'s members.
public struct NetworkFlowPair: Sendable, Hashable {
    public let sourceNetworkID: Int64
    public let targetNetworkID: Int64

    public init(source: Int64, target: Int64) {
        sourceNetworkID = source
        targetNetworkID = target
    }
}
