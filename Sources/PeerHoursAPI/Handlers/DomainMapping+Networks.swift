import Exchange
import Foundation
import Ledger

/// Conversions between the generated types and the Exchange domain for networks, memberships,
/// members and balances. A namespace (not extensions on the generated types) so the exchanges'
/// mapping file can define its own without clashing.
enum NetworkMapping {
    // MARK: Paging

    /// The domain's page request from the generated `cursor` and `limit` (bounds are the domain's).
    static func page(cursor: String?, limit: Int32?) -> PageRequest {
        PageRequest(cursor: cursor, size: limit.map(Int.init) ?? PageRequest.sizeDefault)
    }

    // MARK: Networks

    static func network(_ network: Exchange.Network) -> Components.Schemas.Network {
        .init(networkID: network.id.rawValue, slug: network.slug, name: network.name, policy: policy(network.policy))
    }

    static func policy(_ policy: NetworkPolicy) -> Components.Schemas.NetworkPolicy {
        .init(
            creditFloorMinutes: policy.creditFloorMinutes, ceilingMinutes: policy.ceilingMinutes,
            welcomeGrantMinutes: policy.welcomeGrantMinutes, autoConfirmDays: Int32(clamping: policy.autoConfirmDays),
            groupSessionPayment: policy.groupSessionPayment == .split ? .split : .community,
            graceMinutes: policy.graceMinutes)
    }

    static func policy(_ policy: Components.Schemas.NetworkPolicy) -> NetworkPolicy {
        NetworkPolicy(
            creditFloorMinutes: policy.creditFloorMinutes, ceilingMinutes: policy.ceilingMinutes,
            welcomeGrantMinutes: policy.welcomeGrantMinutes, autoConfirmDays: Int(policy.autoConfirmDays),
            groupSessionPayment: policy.groupSessionPayment == .split ? .split : .community,
            graceMinutes: policy.graceMinutes)
    }

    static func draft(_ request: Components.Schemas.NetworkCreateRequest) -> NetworkDraft {
        NetworkDraft(slug: request.slug, name: request.name, policy: policy(request.policy))
    }

    /// A new network's policy: each field left out takes the documented default (`NetworkPolicy()`).
    static func policy(_ input: Components.Schemas.NetworkPolicyInput?) -> NetworkPolicy {
        let defaults = NetworkPolicy()
        let payment = input?.groupSessionPayment.map { $0 == .split ? GroupSessionPayment.split : .community }
        return NetworkPolicy(
            creditFloorMinutes: input?.creditFloorMinutes ?? defaults.creditFloorMinutes,
            ceilingMinutes: input?.ceilingMinutes ?? defaults.ceilingMinutes,
            welcomeGrantMinutes: input?.welcomeGrantMinutes ?? defaults.welcomeGrantMinutes,
            autoConfirmDays: input?.autoConfirmDays.map(Int.init) ?? defaults.autoConfirmDays,
            groupSessionPayment: payment ?? defaults.groupSessionPayment,
            graceMinutes: input?.graceMinutes ?? defaults.graceMinutes)
    }

    // MARK: Members and memberships

    static func membership(_ membership: Exchange.Membership, displayName: String? = nil) -> Components.Schemas.Membership {
        .init(
            memberID: membership.memberID.rawValue, networkID: membership.networkID.rawValue, displayName: displayName,
            status: Components.Schemas.MembershipStatus(rawValue: membership.status.rawValue) ?? .invited,
            role: membership.role == .coordinator ? .coordinator : .member, joinedAt: membership.joinedAt)
    }

    static func membershipStatus(_ status: Components.Schemas.MembershipStatus) -> MembershipStatus {
        switch status {
        case .invited: .invited
        case .active: .active
        case .suspended: .suspended
        case .left: .left
        }
    }

    static func profile(_ profile: Exchange.MemberProfile) -> Components.Schemas.MemberProfile {
        .init(
            displayName: profile.displayName, profession: profile.profession, organisation: profile.organisation,
            careerStage: Components.Schemas.CareerStage(rawValue: profile.careerStage.rawValue) ?? .mid,
            languages: profile.languages, bio: profile.bio)
    }

    /// The domain profile; the domain validates lengths and patterns (400 naming the field).
    static func profile(_ profile: Components.Schemas.MemberProfile) -> Exchange.MemberProfile {
        Exchange.MemberProfile(
            displayName: profile.displayName, profession: profile.profession, organisation: profile.organisation,
            careerStage: CareerStage(rawValue: profile.careerStage.rawValue) ?? .mid, languages: profile.languages,
            bio: profile.bio)
    }

    static func member(_ member: Exchange.Member, memberships: [Exchange.Membership]) -> Components.Schemas.Member {
        .init(
            memberID: member.id.rawValue, isAdministrator: member.isAdministrator, profile: profile(member.profile),
            memberships: memberships.prefix(100).map { membership($0) })
    }

    static func memberPublic(_ member: Exchange.Member) -> Components.Schemas.MemberPublic {
        let profile = member.profile
        return .init(
            memberID: member.id.rawValue, displayName: profile.displayName, profession: profile.profession,
            organisation: profile.organisation,
            careerStage: Components.Schemas.CareerStage(rawValue: profile.careerStage.rawValue) ?? .mid,
            languages: profile.languages, bio: profile.bio)
    }

    // MARK: Balances and statements

    /// `availableMinutes` is what a person reads as available: posted − pending out (the domain's
    /// own figure); `spendableMinutes` is what can still be reserved, counting how far the floor
    /// lets the account go below zero: available − floor.
    static func balance(_ balance: Exchange.Balance) -> Components.Schemas.Balance {
        .init(
            memberID: balance.memberID.rawValue, networkID: balance.networkID.rawValue,
            postedMinutes: balance.postedMinutes, pendingOutMinutes: balance.pendingMinutes,
            pendingInMinutes: balance.pendingInMinutes, availableMinutes: balance.availableMinutes,
            spendableMinutes: balance.availableMinutes - balance.floorMinutes,
            creditFloorMinutes: balance.floorMinutes, ceilingMinutes: balance.ceilingMinutes)
    }

    static func statementEntry(_ line: StatementLine) -> Components.Schemas.StatementEntry {
        let state: Components.Schemas.StatementEntry.StatePayload =
            switch line.kind {
            case "pending": .pending
            case "void_pending": .voided
            default: .posted
            }
        var code: String
        var exchangeID: Int64?
        var groupSessionID: Int64?
        switch line.purpose {
        case .exchange(let id): code = "exchange"; exchangeID = id.rawValue
        case .groupSession(let id): code = "group_session"; groupSessionID = id.rawValue
        case .welcomeGrant: code = "welcome_grant"
        case .other(let other): code = other
        }
        return .init(
            transferID: line.transferID.rawValue, at: line.at, amountMinutes: line.amountMinutes,
            direction: line.direction == .credit ? .credit : .debit, state: state, code: code,
            exchangeID: exchangeID, groupSessionID: groupSessionID,
            reversesTransferID: line.reversesTransferID?.rawValue, correctionReason: line.correctionReason)
    }

    // MARK: Support kinds

    /// The vocabulary stores names only: the label shown is derived from the name
    /// (`peer_support` → `Peer support`).
    static func supportKind(_ name: String) -> Components.Schemas.SupportKindEntry {
        let words = name.split(separator: "_").joined(separator: " ")
        return .init(kind: name, label: words.prefix(1).uppercased() + words.dropFirst())
    }
}

/// Cursor pagination for lists the API pages itself (the domain answers them whole): opaque
/// base64url of `<list>:<position>`, refused by any other list.
enum NetworkListCursor {
    static func encode(list: String, position: Int64) -> String {
        Data("\(list):\(position)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String?, list: String) throws -> Int64? {
        guard let cursor else { return nil }
        let invalid = Problem.invalidRequest(
            "cursor: is not a cursor from this list: start again without one",
            fieldErrors: [.init(pointer: "/cursor", detail: "is not a cursor from this list: start again without one")])
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard cursor.utf8.count <= 200, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8)
        else { throw invalid }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == list, let position = Int64(parts[1]), position >= 0 else { throw invalid }
        return position
    }

    static func size(_ limit: Int32?) throws -> Int {
        let size = limit.map(Int.init) ?? PageRequest.sizeDefault
        guard (1...PageRequest.sizeMax).contains(size) else {
            throw Problem.invalidRequest(
                "limit: must be between 1 and \(PageRequest.sizeMax)",
                fieldErrors: [.init(pointer: "/limit", detail: "must be between 1 and \(PageRequest.sizeMax)")])
        }
        return size
    }

    /// One page of `items` (sorted by `position`) after the cursor's position.
    static func page<Item>(_ items: [Item], cursor: String?, limit: Int32?, list: String, position: (Item) -> Int64) throws
        -> (items: [Item], nextCursor: String?)
    {
        let size = try size(limit)
        let after = try decode(cursor, list: list)
        let rest = items.filter { after == nil || position($0) > after! }
        guard rest.count > size else { return (rest, nil) }
        let kept = Array(rest.prefix(size))
        return (kept, kept.last.map { encode(list: list, position: position($0)) })
    }
}
