/// What `peerhours --version` prints. SwiftPM cannot read git while it builds, so the commit is
/// written into this file by `scripts/stamp-commit.sh` just before a release build (CI and
/// packaging run it); a build from a plain checkout says `unknown` rather than guess.
enum BuildInfo {
    /// The release, the same as `info.version` in `api/openapi.yaml`.
    static let version = "0.1.0"
    static let commit = "unknown"

    static var versionLine: String { "peerhours \(version) (commit \(commit))" }
}
