import {describe, expect, it} from 'vitest';
import {syncNameFor} from '../../../src/render/init-config.js';

describe("init's name for a sync", () => {
  it.each([
    ['https://github.com/acme/catalog', 'service', 'acme.catalog.service'],
    ['https://gitlab.example.com:8443/platform/infra/catalog', 'service', 'platform.infra.catalog.service'],
    ['https://github.com/acme/catalog', 'my blueprint', 'acme.catalog.my-blueprint'],
    ['https://github.com/_acme/catalog', 'team', 'acme.catalog.team'],
    [undefined, 'service', 'service'],
  ])('from %s and blueprint %s is %s', (url, blueprint, name) => {
    expect(syncNameFor(blueprint, url)).toBe(name);
    expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/); // the config schema's pattern for a sync's name
  });
});
