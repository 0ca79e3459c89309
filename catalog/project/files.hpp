#pragma once
// Readers of the files npm, pnpm, yarn and bun leave in a project, each answering which
// @varlet/ui the file gives. None throws: a malformed file is a why_not naming the file.
#include "catalog/project/finding.hpp"

namespace varlet::catalog::project {

// node_modules/@varlet/ui/package.json: the installed package's own version.
Finding read_installed_package(std::string_view text);
// package-lock.json: "packages" -> "node_modules/@varlet/ui" (lockfileVersion 2, 3), else
// "dependencies" -> "@varlet/ui" (lockfileVersion 1).
Finding read_package_lock(std::string_view text);
// bun.lock (JSONC): "packages" -> "@varlet/ui" -> ["@varlet/ui@3.20.6", ...].
Finding read_bun_lock(std::string_view text);
// package.json: the range of "@varlet/ui" in dependencies, devDependencies, peerDependencies or
// optionalDependencies.
Finding read_package_json(std::string_view text);

// pnpm-lock.yaml (lockfile 5, 6 and 9): the root importer's version, else the only locked one.
Finding read_pnpm_lock(std::string_view text);
// yarn.lock, classic (v1) and berry: the entry of package.json's range when given, else the
// only locked version.
Finding read_yarn_lock(std::string_view text, std::string_view package_json_range);

}  // namespace varlet::catalog::project
