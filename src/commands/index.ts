// Every command, listed explicitly (oclif's "explicit" strategy): no directory scanning at start.
import Apply from './apply.js';
import Emulator from './emulator.js';
import Init from './init.js';
import Plan from './plan.js';
import Validate from './validate.js';

export const COMMANDS = {apply: Apply, emulator: Emulator, init: Init, plan: Plan, validate: Validate};
