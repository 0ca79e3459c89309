// Module resolution hooks for running @varlet/ui's own modules from the package folder: a bare
// specifier (vue, @varlet/shared) is resolved from the tests' node_modules, since the package
// folder has none of its own.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TESTS = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json')).href;
const bare = (specifier) => !/^(\.|\/|file:|node:|data:)/.test(specifier);

export async function resolve(specifier, context, next) {
  return next(specifier, bare(specifier) ? { ...context, parentURL: TESTS } : context);
}
