#!/usr/bin/env node
// Entry point: hands argv to oclif, which loads the explicitly listed commands from dist/.
// The package ships compiled JavaScript only: never look for TypeScript sources to transpile
// (oclif would under NODE_ENV=development or test, and warn when typescript is absent).
import {execute, settings} from '@oclif/core';

settings.enableAutoTranspile = false;
await execute({dir: import.meta.url});
