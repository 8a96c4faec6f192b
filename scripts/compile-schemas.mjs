#!/usr/bin/env node
// Part of npm run build, after tsc: writes the config's validator as standalone code beside
// dist/config/json-schema.js, so a run does not compile the schema before its first request.
import {writeFileSync} from 'node:fs';
import {standaloneValidator} from '../dist/config/json-schema.js';

const {file, code} = standaloneValidator('sync.config.schema.json');
writeFileSync(file, code);
