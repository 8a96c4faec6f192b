import {describe, expect, it} from 'vitest';
import {emptyReport, type ApplyReport} from '../../../src/apply/apply-plan.js';
import {renderApplySummary} from '../../../src/render/text-apply.js';
import {NO_COLOR} from '../../../src/render/style.js';

function report(overrides: Partial<ApplyReport>): ApplyReport {
  return {...emptyReport(), ...overrides};
}

describe('renderApplySummary', () => {
  it('names the syncs held back that had changes, not those with nothing to write', () => {
    const text = renderApplySummary(
      report({
        created: 2,
        notStarted: 3,
        claimFailures: [{sync: 'teams', error: new Error('x'), notStarted: 0}],
        heldBack: [
          {sync: 'services', typeName: 'Custom["Team"]', by: 'teams', byFailed: true, notStarted: 3},
          {sync: 'apps', typeName: 'Custom["Service"]', by: 'services', byFailed: false, notStarted: 0},
        ],
      }),
      NO_COLOR,
    );
    expect(text).toBe(
      [
        'Apply incomplete: 2 created, 0 updated, 0 deleted. 1 failed. 3 not started.',
        '  sync "services": 3 not started: it references Custom["Team"], whose sync "teams" could not prepare its type.',
        '',
      ].join('\n'),
    );
  });
});
