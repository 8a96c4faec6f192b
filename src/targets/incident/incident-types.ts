// The shapes of incident.io's v3 catalog API (api/incident-io-catalog.openapi.json), only the
// fields we read or send. Unknown response fields are ignored.

export interface ApiAttribute {
  id: string;
  name: string;
  type: string;
  array: boolean;
  mode?: string;
  /** Fields we do not manage (backlink_attribute, path, …): read and sent back as they are. */
  [field: string]: unknown;
}

export interface ApiCatalogType {
  id: string;
  name: string;
  description?: string;
  type_name: string;
  ranked?: boolean;
  categories?: string[];
  color?: string;
  icon?: string;
  source_repo_url?: string;
  use_name_as_identifier?: boolean;
  estimated_count?: number;
  annotations?: Record<string, string>;
  schema: {version: number; attributes: ApiAttribute[]};
}

export interface ApiBindingValue {
  literal?: string;
  label?: string;
}

export interface ApiBinding {
  value?: ApiBindingValue;
  array_value?: ApiBindingValue[];
}

export interface ApiEntry {
  id: string;
  name: string;
  external_id?: string;
  aliases?: string[];
  rank?: number;
  attribute_values?: Record<string, ApiBinding>;
  updated_at: string;
}

export interface ApiListEntries {
  catalog_entries: ApiEntry[];
  pagination_meta?: {after?: string; page_size?: number};
}

export interface ApiEntryPayload {
  catalog_type_id?: string;
  name: string;
  external_id: string;
  aliases: string[];
  rank: number;
  attribute_values: Record<string, {value: {literal: string}} | {array_value: Array<{literal: string}>}>;
  update_attributes?: string[];
}
