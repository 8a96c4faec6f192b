import {describe, expect, it} from 'vitest';
import {expectGolden} from '../../helpers/golden.js';
import {computePlan} from '../../../src/core/planner.js';
import {renderPlanText} from '../../../src/render/text-plan.js';
import {COLOR, NO_COLOR} from '../../../src/render/style.js';
import {current, desired, schema} from '../../helpers/factories.js';

const OWNED = ['attr-url', 'attr-language', 'attr-lifecycle', 'attr-type', 'attr-readme'];

function mixedPlan() {
  return computePlan({
    sync: 'services',
    blueprint: 'service',
    schema: schema(),
    ownedAttributeIds: OWNED,
    desired: [
      desired('payments', {
        name: 'Payments',
        attributes: {
          'attr-url': 'https://x/payments',
          'attr-language': 'Node',
          'attr-readme': '# Payments\n\nTakes payments.',
        },
      }),
      desired('ledger', {
        name: 'Ledger',
        attributes: {
          'attr-url': 'https://x/ledger',
          'attr-lifecycle': 'Deprecated',
          'attr-readme': '# Ledger\n\nBooks every payment.\nOn call: #ledger',
        },
      }),
      desired('same'),
    ],
    current: [
      current('ledger', {
        name: 'Ledger',
        attributes: {
          'attr-url': 'https://x/ledger',
          'attr-lifecycle': 'Production',
          'attr-type': 'Backend',
          'attr-readme': '# Ledger\n\nBooks every payment.',
        },
      }),
      current('same'),
      current('old', {name: 'Old', attributes: {'attr-url': 'https://x/old'}}),
      current(undefined),
    ],
    skipped: [{identifier: 'scratch', reason: 'name is empty'}],
  });
}

describe('renderPlanText', () => {
  it('prints creates, updates with old -> new and line diffs, and deletes with reasons', () => {
    expectGolden('plan-mixed.txt', renderPlanText([mixedPlan()], NO_COLOR));
  });

  it('prints only the legend entries for actions present', () => {
    const text = renderPlanText(
      [
        computePlan({
          sync: 's',
          blueprint: 'b',
          schema: schema(),
          ownedAttributeIds: OWNED,
          desired: [desired('a')],
          current: [],
        }),
      ],
      NO_COLOR,
    );
    expect(text).toContain('  + create');
    expect(text).not.toContain('update in-place\n');
    expect(text).not.toContain('  - delete');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 1 to create, 0 to update, 0 to delete.');
  });

  it('says there is nothing to do when nothing differs', () => {
    const text = renderPlanText(
      [
        computePlan({
          sync: 's',
          blueprint: 'b',
          schema: schema(),
          ownedAttributeIds: OWNED,
          desired: [desired('a')],
          current: [current('a')],
        }),
      ],
      NO_COLOR,
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('No changes. The catalog matches the configuration.');
    expect(text).not.toContain('symbols');
  });

  it('colours only when asked to', () => {
    expect(renderPlanText([mixedPlan()], NO_COLOR)).not.toContain('\u001B[');
    expect(renderPlanText([mixedPlan()], COLOR)).toContain('\u001B[32m+\u001B[39m create');
  });
});
