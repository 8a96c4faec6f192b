import {describe, expect, it} from 'vitest';
import {findForwardReferences} from '../../../src/apply/forward-references.js';
import type {CreateAction, SyncPlan, UpdateAction} from '../../../src/core/plan.js';
import {current, desired} from '../../helpers/factories.js';

function create(externalId: string, attributes: Record<string, string | string[]>, aliases?: string[]): CreateAction {
  const after = desired(externalId, {attributes, ...(aliases === undefined ? {} : {aliases})});
  return {action: 'create', externalId, name: after.name, after, fields: []};
}
function update(externalId: string, attributes: Record<string, string>): UpdateAction {
  const after = desired(externalId, {attributes});
  const before = current(externalId);
  return {
    action: 'update',
    externalId,
    entryId: before.id,
    name: after.name,
    before,
    after,
    changes: [],
    unchangedFields: 0,
  };
}
function plan(sync: string, typeName: string, references: string[], actions: SyncPlan['actions']): SyncPlan {
  return {
    sync,
    blueprint: sync,
    catalogTypeId: `id-${sync}`,
    catalogTypeName: sync,
    typeName,
    references,
    ownedAttributeIds: ['ref', 'note'],
    attributeNames: {},
    actions,
    unchanged: 0,
    unmanaged: 0,
    managed: 0,
    sourceCount: actions.length,
    skipped: [],
  };
}

describe('findForwardReferences', () => {
  it('defers the references of a create to entries created beside it or by a later sync, and nothing else', () => {
    const selfRef = create('svc-1', {ref: ['svc-0', 'existing'], note: 'x'});
    const plain = create('svc-0', {ref: 'existing'});
    const toLater = create('svc-2', {ref: 'lead'}); // an alias of a team created by the later sync
    const updateToLater = update('svc-3', {ref: 'team-a'});
    const updateToOwn = update('svc-4', {ref: 'svc-0'});
    const teamToService = create('team-a', {ref: 'svc-0'}, ['lead']);
    const services = plan('services', 'S', ['S', 'T'], [plain, selfRef, toLater, updateToLater, updateToOwn]);
    const teams = plan('teams', 'T', ['S'], [teamToService]);
    const {creates, updates} = findForwardReferences([services, teams]);
    expect([...creates.entries()].map(([a, ids]) => [a.externalId, ids])).toEqual([
      ['svc-1', ['ref']],
      ['svc-2', ['ref']],
    ]);
    expect([...updates].map((a) => a.externalId)).toEqual(['svc-3']);
  });
});
