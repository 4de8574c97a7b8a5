import Exchange
import Foundation
import Hummingbird
import Onboarding

/// Where members' data exports live: the member's own download, and an administrator's form
/// for a subject-access request.
enum DataExportPaths {
    static let own = "/account/data-export"
    static let subjectAccess = "/administer/subject-access"
}

/// The subject-access form's fields as posted.
struct SubjectAccessForm: ProtectedForm, Sendable {
    var csrf: String?
    var member: String?
}

/// The subject-access page's model: one field, the member's id.
struct SubjectAccessView: Sendable {
    var member: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var action: String
    var backHref: String

    init(words: Words, value: String, errors: FormErrors) {
        member = FormField("member", words: words, key: "subjectAccessMember", value: value, errors: errors)
        self.errors = errors.summary(fieldOrder: ["member"])
        hasErrors = !errors.isEmpty
        action = DataExportPaths.subjectAccess
        backHref = AdministerPaths.networks
    }
}

extension WebApp {
    /// `/account/data-export`: everything held about the signed-in member, as the API's
    /// `/members/me/data-export` answers it, as a download.
    func ownDataExport<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let export = try await MemberDataExport.assemble(exchange: exchange, identity: identity, actor: signedIn.actor,
                                                         memberID: signedIn.actor.memberID)
        return try dataExportResponse(export, visit: visit)
    }

    func showSubjectAccess<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        _ = try Self.administrator(signedIn)
        return try await page("administer-subject-access", SubjectAccessView(words: visit.words, value: "", errors: FormErrors()),
                              visit: visit)
    }

    /// An administrator's export of a member by id (`AccessExportService` records it in each of the
    /// member's networks' audit trails); an id that is not a member's is refused at the field (422).
    func subjectAccessExport<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(SubjectAccessForm.self, request, context: context)
        let actor = try Self.administrator(signedIn)
        let raw = (form.member ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        if let value = Int64(raw), (1...9_007_199_254_740_991).contains(value) {
            do {
                let export = try await MemberDataExport.assemble(exchange: exchange, identity: identity, actor: actor,
                                                                 memberID: MemberID(value))
                return try dataExportResponse(export, visit: visit)
            } catch ExchangeError.notFound {
                errors.add("member", visit.words["subjectAccessError_unknown"])
            }
        } else {
            errors.add("member", visit.words["subjectAccessError_member"])
        }
        return try await page("administer-subject-access", SubjectAccessView(words: visit.words, value: raw, errors: errors),
                              visit: visit, status: .unprocessableContent)
    }

    /// The document as a JSON attachment, never cached.
    private func dataExportResponse(_ export: MemberDataExport, visit: Visit) throws -> Response {
        var response = Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8",
                      .contentDisposition: "attachment; filename=\"\(MemberDataExport.fileName(export))\"",
                      .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try MemberDataExport.json(export))))
        setVisitCookies(visit, on: &response)
        return response
    }
}
