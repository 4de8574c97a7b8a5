import Hummingbird

/// The routes of members' access to their data (issue 21): the member's own download and an
/// administrator's subject-access form.
extension WebApp {
    static let dataExportRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, DataExportPaths.own),
        (.get, DataExportPaths.subjectAccess), (.post, DataExportPaths.subjectAccess),
    ]

    func registerDataExportPages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        pages.get(RouterPath(DataExportPaths.own)) { request, context in
            try await self.ownDataExport(request, context: context)
        }
        pages.get(RouterPath(DataExportPaths.subjectAccess)) { request, context in
            try await self.showSubjectAccess(request, context: context)
        }
        pages.post(RouterPath(DataExportPaths.subjectAccess)) { request, context in
            try await self.subjectAccessExport(request, context: context)
        }
    }
}
