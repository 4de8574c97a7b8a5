import Exchange
import Foundation
import Onboarding

/// Members' access to their data (issue 21): the document `MemberDataExport.assemble` makes, as
/// the web page `/account/data-export` serves it too. The domain authorises and audits.
extension APIHandlers {
    func exportMyData(_ input: Operations.ExportMyData.Input) async throws -> Operations.ExportMyData.Output {
        let actor = try RequestScope.required.requireActor()
        let (document, disposition) = try await dataExport(actor, memberID: actor.memberID)
        return .ok(.init(headers: .init(contentDisposition: disposition), body: .json(document)))
    }

    /// Administrators only, whoever the member (their own export is `/members/me/data-export`).
    func exportMemberData(_ input: Operations.ExportMemberData.Input) async throws -> Operations.ExportMemberData.Output {
        let actor = try RequestScope.required.requireActor()
        guard actor.isAdministrator else { throw ExchangeError.forbidden("only an administrator may export another member's data") }
        let (document, disposition) = try await dataExport(actor, memberID: MemberID(input.path.memberID))
        return .ok(.init(headers: .init(contentDisposition: disposition), body: .json(document)))
    }

    /// The document as the spec's type, read back from the very JSON the web page serves: one
    /// document for both, and a test fails the moment the two shapes part.
    private func dataExport(_ actor: Actor, memberID: MemberID) async throws -> (Components.Schemas.DataExport, String) {
        let export = try await MemberDataExport.assemble(exchange: exchange, identity: identity, actor: actor, memberID: memberID)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let document = try decoder.decode(Components.Schemas.DataExport.self, from: try MemberDataExport.json(export))
        return (document, "attachment; filename=\"\(MemberDataExport.fileName(export))\"")
    }
}
