#!/usr/bin/env node
// Entry point: hands argv to oclif, which loads the explicitly listed commands from dist/.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
