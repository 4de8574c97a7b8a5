import Hummingbird
import Logging

/// Renders every error as `application/problem+json` with the request id as `instance`, and
/// logs it without personal data (type and status only; 500s with the error's type).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let requestID = context.id
            guard let problem = ErrorTranslation.problem(for: error, requestID: requestID) else {
                context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))"])
                return Problem.internalError(requestID: requestID).response(requestID: requestID)
            }
            context.logger.info("request refused", metadata: ["problem": "\(problem.name)", "status": "\(problem.status.code)"])
            return problem.response(requestID: requestID)
        }
    }
}
