#!/usr/bin/env node
// The floor of a no-op plan: what a bare client needs to fetch and parse every Port page and every
// catalog page from the same server. fetch + JSON.parse, nothing kept: Port's search pages with
// the page size reconcile uses (1,000) and the `include` it sends, in parallel with incident.io's
// entry pages of 250, as reconcile reads both sides at once. Run by bench/memory.mjs as its own
// process, so its time and peak RSS compare with the CLI's.
// Usage: node bench/bare-client.mjs URL BLUEPRINT CATALOG_TYPE_ID [INCLUDE,...]
const [url, blueprint, typeId, includeArg] = process.argv.slice(2);
const include = includeArg === undefined || includeArg === '' ? undefined : includeArg.split(',');

async function json(path, init = {}) {
  const response = await fetch(`${url}${path}`, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return JSON.parse(await response.text());
}

async function port() {
  const {accessToken} = await json('/v1/auth/access_token', {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({clientId: 'demo-client-id', clientSecret: 'demo-client-secret'}),
  });
  let count = 0;
  let from;
  for (;;) {
    const body = {limit: 1000, ...(include === undefined ? {} : {include}), ...(from === undefined ? {} : {from})};
    const page = await json(`/v1/blueprints/${blueprint}/entities/search`, {
      method: 'POST',
      headers: {'content-type': 'application/json', authorization: `Bearer ${accessToken}`},
      body: JSON.stringify(body),
    });
    count += page.entities.length;
    if (page.next === undefined || page.next === null || page.next === '') return count;
    from = page.next;
  }
}

async function incident() {
  const headers = {authorization: 'Bearer demo-incident-api-key'};
  await json('/v3/catalog_types', {headers});
  let count = 0;
  let after;
  for (;;) {
    const query = `catalog_type_id=${typeId}&page_size=250${after === undefined ? '' : `&after=${after}`}`;
    const page = await json(`/v3/catalog_entries?${query}`, {headers});
    count += page.catalog_entries.length;
    after = page.pagination_meta?.after;
    if (after === undefined || after === '' || page.catalog_entries.length === 0) return count;
  }
}

const [entities, entries] = await Promise.all([port(), incident()]);
process.stdout.write(`${entities} entities, ${entries} entries\n`);
