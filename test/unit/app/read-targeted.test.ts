import {describe, expect, it} from 'vitest';
import {externalIdIsIdentifier, targetExternalIds, targetQuery} from '../../../src/app/read-targeted.js';
import type {PortQuery, SyncSpec} from '../../../src/config/types.js';
import {desired} from '../../helpers/factories.js';

const IN = (value: string[]) => ({property: '$identifier', operator: 'in', value});

describe('targetQuery', () => {
  it("is the sync's query AND $identifier in [targets]", () => {
    expect(targetQuery(undefined, ['a', 'b'])).toEqual({combinator: 'and', rules: [IN(['a', 'b'])]});
    const and: PortQuery = {combinator: 'and', rules: [{property: 'lifecycle', operator: '=', value: 'Production'}]};
    expect(targetQuery(and, ['a'])).toEqual({combinator: 'and', rules: [...and.rules, IN(['a'])]});
    const or: PortQuery = {combinator: 'or', rules: [{property: 'tier', operator: '=', value: 1}]};
    expect(targetQuery(or, ['a'])).toEqual({combinator: 'and', rules: [or, IN(['a'])]});
    expect(targetQuery({combinator: 'or', rules: []}, ['a'])).toEqual({combinator: 'and', rules: [IN(['a'])]});
  });
});

describe('which entries a targeted run compares', () => {
  const spec = (externalId: string) => ({externalId: {source: externalId}}) as unknown as SyncSpec;

  it("looks a gone entity's entry up by the target only when the external ID is the identifier", () => {
    expect(externalIdIsIdentifier(spec(' identifier '))).toBe(true);
    expect(externalIdIsIdentifier(spec('"svc:" & identifier'))).toBe(false);
    expect(targetExternalIds(spec('identifier'), [desired('a')], ['a', 'gone'])).toEqual(['a', 'gone']);
    const prefixed = [desired('svc:a', {sourceId: 'a'})];
    expect(targetExternalIds(spec('"svc:" & identifier'), prefixed, ['a', 'gone'])).toEqual(['svc:a']);
  });
});
