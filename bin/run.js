#!/usr/bin/env node
// Entry point: hands argv to oclif, which loads the explicitly listed commands from dist/.
// The package ships compiled JavaScript only: never look for TypeScript sources to transpile
// (oclif would under NODE_ENV=development or test, and warn when typescript is absent).

// oclif checks on import that node satisfies its own engines field (>= 18) with semver, 30-60 ms
// at every start; npm already checked ours (>= 20.19) at install. Skipped, and the variable unset
// again so it reaches no config interpolation.
const skipEngineCheck = process.env.OCLIF_DISABLE_ENGINE_WARNING === undefined;
if (skipEngineCheck) process.env.OCLIF_DISABLE_ENGINE_WARNING = '1';
const {execute, settings} = await import('@oclif/core');
if (skipEngineCheck) delete process.env.OCLIF_DISABLE_ENGINE_WARNING;

settings.enableAutoTranspile = false;
await execute({dir: import.meta.url});
