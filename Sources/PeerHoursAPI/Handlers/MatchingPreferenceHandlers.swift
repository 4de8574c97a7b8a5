import Exchange
import Foundation
import Ledger
import Matching

/// A network's matching weights and a member's blocks, over `Exchange.MatchingPreferencesService`.
extension APIHandlers {
    func getMatchingWeights(_ input: Operations.GetMatchingWeights.Input) async throws -> Operations.GetMatchingWeights.Output {
        let actor = try RequestScope.required.requireActor()
        let weights = try await exchange.matchingPreferences.weights(actor, networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(MatchingPreferenceMapping.weights(weights))))
    }

    func setMatchingWeights(_ input: Operations.SetMatchingWeights.Input) async throws -> Operations.SetMatchingWeights.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let weights = try await exchange.matchingPreferences.setWeights(
            actor, networkID: NetworkID(input.path.networkID), try MatchingPreferenceMapping.weights(body))
        return .ok(.init(body: .json(MatchingPreferenceMapping.weights(weights))))
    }

    func listBlocks(_ input: Operations.ListBlocks.Input) async throws -> Operations.ListBlocks.Output {
        let actor = try RequestScope.required.requireActor()
        let blocked = try await exchange.matchingPreferences.blocked(actor)
        return .ok(.init(body: .json(.init(memberIDs: blocked.map(\.rawValue)))))
    }

    func blockMember(_ input: Operations.BlockMember.Input) async throws -> Operations.BlockMember.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let blocked = try await exchange.matchingPreferences.block(actor, MemberID(body.memberID))
        return .created(.init(body: .json(.init(memberIDs: blocked.map(\.rawValue)))))
    }

    func unblockMember(_ input: Operations.UnblockMember.Input) async throws -> Operations.UnblockMember.Output {
        let actor = try RequestScope.required.requireActor()
        let blocked = try await exchange.matchingPreferences.unblock(actor, MemberID(input.path.memberID))
        return .ok(.init(body: .json(.init(memberIDs: blocked.map(\.rawValue)))))
    }
}

enum MatchingPreferenceMapping {
    static func weights(_ weights: MatchingWeights) -> Components.Schemas.MatchingWeights {
        .init(
            topicOverlap: Int32(weights.topicOverlap), availabilityOverlap: Int32(weights.availabilityOverlap),
            professionPreference: Int32(weights.professionPreference), careerStagePreference: Int32(weights.careerStagePreference),
            history: Int32(weights.history), loadFairness: Int32(weights.loadFairness),
            balanceFairness: Int32(weights.balanceFairness), imbalanceReduction: Int32(weights.imbalanceReduction))
    }

    /// Each weight 0…1000; the first out of range is named.
    static func weights(_ body: Components.Schemas.MatchingWeights) throws -> MatchingWeights {
        do {
            return try MatchingWeights(
                topicOverlap: Int(body.topicOverlap), availabilityOverlap: Int(body.availabilityOverlap),
                professionPreference: Int(body.professionPreference), careerStagePreference: Int(body.careerStagePreference),
                history: Int(body.history), loadFairness: Int(body.loadFairness), balanceFairness: Int(body.balanceFairness),
                imbalanceReduction: Int(body.imbalanceReduction))
        } catch .weightOutOfRange(let name, _) {
            throw Problem.invalidRequest(
                "\(name): must be 0 to \(MatchingWeights.weightMax)",
                fieldErrors: [.init(pointer: "/\(name)", detail: "must be 0 to \(MatchingWeights.weightMax)")])
        } catch {
            throw Problem.invalidRequest("The weights are not valid: \(error)")
        }
    }
}
