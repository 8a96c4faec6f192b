import {describe, expect, it} from 'vitest';
import {computePlan} from '../../../src/core/planner.js';
import {fromPlanDocument, toPlanDocument, type PlanDocument} from '../../../src/core/plan-document.js';
import {current, desired, schema} from '../../helpers/factories.js';

describe('plan documents', () => {
  it('round-trip: a saved plan applies and renders as the plan it came from', () => {
    const plan = computePlan({
      sync: 'services', blueprint: 'service', schema: schema(), ownedAttributeIds: ['attr-url', 'attr-readme'],
      desired: [desired('new'), desired('changed', {name: 'Changed', attributes: {'attr-url': 'https://y', 'attr-readme': 'a\nb'}})],
      current: [current('changed', {aliases: ['c'], rank: 4}), current('gone')],
    });
    const doc = toPlanDocument([plan], {toolVersion: '0.1.0', createdAt: '2026-11-24T00:00:00Z', configDigest: `sha256:${'0'.repeat(64)}`});
    expect(doc.summary).toEqual({create: 1, update: 1, delete: 1, unchanged: 0, skipped: 0, types_to_claim: 0});
    const update = doc.changes.find((c) => c.action === 'update');
    expect(update).toMatchObject({changed: ['name', 'url', 'readme'], after: {aliases: ['c'], rank: 4, attributes: {url: 'https://y', readme: 'a\nb'}}, planned_against: {updated_at: '2026-01-01T00:00:00Z'}});
    const [back] = fromPlanDocument(JSON.parse(JSON.stringify(doc)) as PlanDocument);
    expect(back?.actions.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    const updated = back?.actions[1];
    expect(updated?.action === 'update' && updated.changes).toEqual(plan.actions[1]?.action === 'update' && plan.actions[1].changes);
    expect(updated?.action === 'update' && updated.after).toMatchObject({aliases: ['c'], rank: 4, attributes: {'attr-url': 'https://y', 'attr-readme': 'a\nb'}});
  });
});
