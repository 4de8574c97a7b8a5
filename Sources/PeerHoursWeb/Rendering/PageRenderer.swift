import Foundation
import Hummingbird
import Mustache

/// Renders a page's view model through its template (escaped by default: `{{value}}` escapes
/// HTML, and the templates never use the unescaped forms). Every page template extends
/// `layout` (`{{<layout}}…{{/layout}}`); partials hold the shared pieces (a form field, the
/// error summary).
struct PageRenderer: Sendable {
    /// The templates per locale, their words written in (`TemplateWords`), keyed by the locale's
    /// lower-cased tag.
    let libraries: [String: MustacheLibrary]

    /// What every template sees: the locale, the words, the page's frame and the page's own model.
    struct Context {
        var lang: String
        var w: Words
        var chrome: Chrome
        var page: Any
    }

    /// The frame around every page: who is signed in and the token for its sign-out form.
    struct Chrome: Sendable {
        var member: Member?
        var csrfToken: String

        struct Member: Sendable {
            var displayName: String
        }
    }

    func render(_ template: String, _ context: Context) -> String {
        guard let library = libraries[context.w.locale.lowercased()] else { preconditionFailure("no templates for \(context.w.locale)") }
        guard let html = library.render(RenderTree.build(context) ?? [String: Any](), withTemplate: template) else {
            preconditionFailure("no template named \(template)")
        }
        return html
    }

    /// An HTML response; security headers are added by `PageMiddleware`.
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
