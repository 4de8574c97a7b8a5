import Foundation
import Ledger
import Outbox

/// Which optional emails each member gets, and how often: a row per member and category they
/// chose (none: `NoticeCategory.defaultFrequency`). Read by the member themself, by the delivery
/// service before it sends an optional notice, and by a one-click unsubscribe.
public protocol NoticePreferenceRepository: Sendable {
    /// Every category, the member's choice or its default.
    func noticePreferences(memberID: MemberID) async throws -> [NoticeCategory: NoticeFrequency]
    /// Stores the given categories' choices over any earlier ones (others unchanged), in one
    /// transaction. `.notFound` when the member does not exist.
    func setNoticePreferences(memberID: MemberID, _ choices: [NoticeCategory: NoticeFrequency], at: Date) async throws
    /// Members whose stored choice for `category` is not `never`, in id order after `afterMemberID`:
    /// for a category whose default is `never` (the weekly digest), exactly those who opted in.
    func membersChoosing(_ category: NoticeCategory, afterMemberID: MemberID?, limit: Int) async throws -> [MemberID]
}
