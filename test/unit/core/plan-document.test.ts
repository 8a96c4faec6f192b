import {describe, expect, it} from 'vitest';
import {computePlan} from '../../../src/core/planner.js';
import {
  fromPlanDocument,
  planDocumentText,
  toPlanDocument,
  type PlanDocument,
} from '../../../src/core/plan-document.js';
import {current, desired, schema} from '../../helpers/factories.js';

describe('plan documents', () => {
  it('round-trip: a saved plan applies and renders as the plan it came from', () => {
    const plan = computePlan({
      sync: 'services',
      blueprint: 'service',
      schema: schema(),
      ownedAttributeIds: ['attr-url', 'attr-readme'],
      desired: [
        desired('new'),
        desired('changed', {name: 'Changed', attributes: {'attr-url': 'https://y', 'attr-readme': 'a\nb'}}),
      ],
      current: [current('changed', {aliases: ['c'], rank: 4}), current('gone')],
    });
    const doc = toPlanDocument([plan], {
      toolVersion: '0.1.0',
      createdAt: '2026-11-24T00:00:00Z',
      configDigest: `sha256:${'0'.repeat(64)}`,
    });
    expect(doc.summary).toEqual({create: 1, update: 1, delete: 1, unchanged: 0, skipped: 0, types_to_claim: 0});
    const update = doc.changes.find((c) => c.action === 'update');
    expect(update).toMatchObject({
      changed: ['name', 'url', 'readme'],
      after: {aliases: ['c'], rank: 4, attributes: {url: 'https://y', readme: 'a\nb'}},
      planned_against: {updated_at: '2026-01-01T00:00:00Z'},
    });
    const [back] = fromPlanDocument(JSON.parse(JSON.stringify(doc)) as PlanDocument);
    expect(back?.actions.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    const updated = back?.actions[1];
    expect(updated?.action === 'update' && updated.changes).toEqual(
      plan.actions[1]?.action === 'update' && plan.actions[1].changes,
    );
    expect(updated?.action === 'update' && updated.after).toMatchObject({
      aliases: ['c'],
      rank: 4,
      attributes: {'attr-url': 'https://y', 'attr-readme': 'a\nb'},
    });
  });

  const meta = {toolVersion: '0.1.0', createdAt: '2026-11-24T00:00:00Z', configDigest: `sha256:${'0'.repeat(64)}`};
  const readme = (version: string): string =>
    Array.from({length: 100}, (_, i) => (i === 40 ? `version ${version}` : `line ${i} of the runbook`)).join('\n');

  it('is written piece by piece as the same text JSON.stringify gives of the whole document', () => {
    const plan = computePlan({
      sync: 'services',
      blueprint: 'service',
      schema: schema(),
      ownedAttributeIds: ['attr-url', 'attr-readme'],
      desired: [
        desired('new'),
        desired('changed', {name: 'Changed', attributes: {'attr-url': 'https://y', 'attr-readme': readme('2')}}),
      ],
      current: [
        current('changed', {attributes: {'attr-url': 'https://x', 'attr-readme': readme('1')}}),
        current('gone'),
      ],
    });
    const extra = {result: {created: 1, failures: [{message: 'a\nb'}]}, error: {message: 'x', exit_code: 1}};
    const pieces = [...planDocumentText([plan], meta, extra)];
    expect(pieces.length).toBeGreaterThan(3); // one per change, never the document at once
    expect(pieces.join('')).toBe(`${JSON.stringify({...toPlanDocument([plan], meta), ...extra}, null, 2)}\n`);
    const empty = computePlan({
      sync: 's',
      blueprint: 'b',
      schema: schema(),
      ownedAttributeIds: [],
      desired: [],
      current: [],
    });
    expect([...planDocumentText([empty], meta)].join('')).toBe(
      `${JSON.stringify(toPlanDocument([empty], meta), null, 2)}\n`,
    );
  });

  it("shows an update's whole entry before and after, though the plan keeps only what changed", () => {
    const before = readme('1');
    const plan = computePlan({
      sync: 'services',
      blueprint: 'service',
      schema: schema(),
      ownedAttributeIds: ['attr-url', 'attr-language', 'attr-readme'],
      desired: [
        desired('svc', {attributes: {'attr-url': 'https://x/svc', 'attr-language': 'Go', 'attr-readme': readme('2')}}),
      ],
      current: [
        current('svc', {attributes: {'attr-url': 'https://x/svc', 'attr-language': 'Go', 'attr-readme': before}}),
      ],
    });
    const action = plan.actions[0];
    expect(action?.action).toBe('update');
    if (action?.action !== 'update') return;
    expect(action.before.attributes).toEqual({}); // nothing of the entry's values is kept...
    expect(action.changes.map((c) => c.label)).toEqual(['readme']);
    expect(action.changes[0]?.before).toBe(before); // ...but what changed, rebuilt exactly
    const doc = toPlanDocument([plan], meta);
    expect(doc.changes[0]?.before).toEqual({
      name: 'SVC',
      external_id: 'svc',
      aliases: [],
      rank: 0,
      attributes: {url: 'https://x/svc', language: 'Go', readme: before},
    });
  });
});
