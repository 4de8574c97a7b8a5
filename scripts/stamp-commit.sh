#!/usr/bin/env bash
# Writes the checked-out commit into Sources/PeerHours/BuildInfo.swift for `peerhours --version`
# (SwiftPM cannot run git during a build). Run it just before a release build; it marks a tree
# with uncommitted changes `-dirty`. `git checkout Sources/PeerHours/BuildInfo.swift` undoes it.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short=12 HEAD)
if [ -n "$(git status --porcelain --untracked-files=no -- . ':!Sources/PeerHours/BuildInfo.swift')" ]; then
  commit="$commit-dirty"
fi
sed -i -E "s/^(    static let commit = )\".*\"$/\1\"$commit\"/" Sources/PeerHours/BuildInfo.swift
grep -q "static let commit = \"$commit\"" Sources/PeerHours/BuildInfo.swift
echo "peerhours commit stamped: $commit"
