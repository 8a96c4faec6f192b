import {describe, expect, it} from 'vitest';
import {expectGolden} from '../../helpers/golden.js';
import {computePlan} from '../../../src/core/planner.js';
import {GITHUB_COMMENT_LIMIT, renderPlanMarkdown} from '../../../src/render/markdown-plan.js';
import {renderPlanText} from '../../../src/render/text-plan.js';
import {NO_COLOR} from '../../../src/render/style.js';
import {current, desired, schema} from '../../helpers/factories.js';

const OWNED = ['attr-url', 'attr-language', 'attr-lifecycle', 'attr-readme'];

function plan() {
  return computePlan({
    sync: 'services',
    blueprint: 'service',
    schema: schema(),
    ownedAttributeIds: OWNED,
    desired: [
      desired('payments', {
        name: 'Payments',
        attributes: {'attr-url': 'https://x/payments', 'attr-readme': '# Payments\n\nTakes payments.'},
      }),
      desired('ledger', {name: 'Ledger', attributes: {'attr-url': 'https://x/ledger', 'attr-lifecycle': 'Deprecated'}}),
    ],
    current: [
      current('ledger', {name: 'Ledger', attributes: {'attr-url': 'https://x/ledger', 'attr-lifecycle': 'Production'}}),
      current('old', {name: 'Old'}),
    ],
  });
}

function bigPlan(n: number) {
  return computePlan({
    sync: 'services',
    blueprint: 'service',
    schema: schema(),
    ownedAttributeIds: OWNED,
    desired: Array.from({length: n}, (_, i) =>
      desired(`service-number-${i}`, {
        name: `Service number ${i}`,
        attributes: {'attr-url': `https://github.com/acme/service-number-${i}`, 'attr-language': 'Go'},
      }),
    ),
    current: [],
  });
}

describe('renderPlanMarkdown', () => {
  it('prints a summary table and a collapsible diff per sync', () => {
    expectGolden('plan.md', renderPlanMarkdown([plan()]));
  });

  it("keeps a 100,000-entry plan within GitHub's comment limit and says what it left out", () => {
    const markdown = renderPlanMarkdown([bigPlan(100_000)]);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain('| `services` | Port Services | 100000 | 0 | 0 | 0 | 0 |');
    const left = /# … (\d+) more changes not shown here/.exec(markdown);
    expect(Number(left?.[1])).toBeGreaterThan(99_000);
    expect(markdown).toMatch(/_\d+ changes left out to fit GitHub's limits\._\n$/);
    expect(markdown.match(/```/g)).toHaveLength(2); // the code fence is closed
    expect(markdown).toContain('</details>');
  });
});

describe('big plans as text', () => {
  it('show one line per entry above 50 changes, and everything with --verbose', () => {
    const compact = renderPlanText([bigPlan(60)], NO_COLOR);
    expect(compact).toContain('  + service-number-7  "Service number 7"\n');
    expect(compact).not.toContain('will be created');
    expect(compact).toContain('(60 changed entries: one line each; --verbose shows every field)');
    expect(renderPlanText([bigPlan(60)], NO_COLOR, {verbose: true})).toContain(
      '# service-number-7 "Service number 7" will be created',
    );
    expect(renderPlanText([plan()], NO_COLOR, {compact: true})).toContain('  ~ ledger  "Ledger"  lifecycle\n');
  });
});
