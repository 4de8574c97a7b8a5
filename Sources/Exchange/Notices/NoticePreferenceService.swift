import Foundation
import Ledger
import Outbox

extension NoticeCategory {
    /// Categories only coordinators get notices of (agreements between networks, the weekly
    /// summary of what needs them); pages show them to coordinators only.
    public var isForCoordinators: Bool {
        switch self {
        case .agreements, .coordinatorSummary: true
        case .messages, .reminders, .groupSessions, .weeklyDigest: false
        }
    }
}

/// Members choose which optional emails they get and how often. Only the member themself reads or
/// changes their choices; a signed unsubscribe link (`NoticeLinkSigner`) changes one category to
/// never without signing in.
public final class NoticePreferenceService: Sendable {
    let context: ServiceContext
    let preferences: any NoticePreferenceRepository
    let members: any MemberRepository
    let memberships: any MembershipRepository

    init(context: ServiceContext, preferences: any NoticePreferenceRepository, members: any MemberRepository,
         memberships: any MembershipRepository) {
        self.context = context
        self.preferences = preferences
        self.members = members
        self.memberships = memberships
    }

    /// The actor's own choices: every category, their choice or its default.
    public func preferences(_ actor: Actor) async throws -> [NoticeCategory: NoticeFrequency] {
        try await preferences.noticePreferences(memberID: actor.memberID)
    }

    /// The categories the actor is offered a choice of: every one for a coordinator of any
    /// network or an administrator, the members' ones for everyone else.
    public func offeredCategories(_ actor: Actor) async throws -> [NoticeCategory] {
        var coordinates = actor.isAdministrator
        if !coordinates { coordinates = try await memberships.memberships(of: actor.memberID).contains(where: \.isActiveCoordinator) }
        return NoticeCategory.allCases.filter { coordinates || !$0.isForCoordinators }
    }

    /// The actor changes the given categories (others keep their choice); answers every category.
    public func updatePreferences(_ actor: Actor, _ choices: [NoticeCategory: NoticeFrequency]) async throws
        -> [NoticeCategory: NoticeFrequency]
    {
        guard try await members.member(actor.memberID) != nil else { throw ExchangeError.notFound("member \(actor.memberID)") }
        if !choices.isEmpty {
            try await preferences.setNoticePreferences(memberID: actor.memberID, choices, at: context.now())
            context.logger.info("notice preferences changed", metadata: ["member": "\(actor.memberID)"])
        }
        return try await preferences.noticePreferences(memberID: actor.memberID)
    }

    /// A verified one-click unsubscribe: the member gets no more notices of `category`.
    /// `.notFound` when the member no longer exists.
    public func unsubscribe(memberID: MemberID, category: NoticeCategory) async throws {
        guard try await members.member(memberID) != nil else { throw ExchangeError.notFound("member \(memberID)") }
        try await preferences.setNoticePreferences(memberID: memberID, [category: .never], at: context.now())
        context.logger.info("notices unsubscribed", metadata: ["member": "\(memberID)", "category": "\(category.rawValue)"])
    }
}
