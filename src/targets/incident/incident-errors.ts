// Reads incident.io's error bodies: {type, status, request_id, errors: [{code, message, source?: {field}}]}.
// A body that is not JSON (a proxy's HTML page) is shown trimmed instead.
import type {ErrorDetails} from '../../http/http-client.js';

interface IncidentErrorBody {
  type?: unknown;
  request_id?: unknown;
  errors?: Array<{code?: unknown; message?: unknown; source?: {field?: unknown}}>;
}

export function describeIncidentError(
  body: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): ErrorDetails {
  const header = headers['x-request-id'];
  let parsed: IncidentErrorBody;
  try {
    parsed = JSON.parse(body) as IncidentErrorBody;
  } catch {
    return {
      messages: body.trim() === '' ? [] : [`(not JSON) ${body.trim().slice(0, 200)}`],
      requestId: Array.isArray(header) ? header[0] : header,
    };
  }
  const messages = (Array.isArray(parsed.errors) ? parsed.errors : []).map((e) => {
    const field = typeof e.source?.field === 'string' ? ` (field: ${e.source.field})` : '';
    const code = typeof e.code === 'string' ? `[${e.code}] ` : '';
    // A message that is not a string is shown as JSON, never as "[object Object]".
    const message = typeof e.message === 'string' ? e.message : e.message == null ? 'error' : JSON.stringify(e.message);
    return `${code}${message}${field}`;
  });
  if (messages.length === 0 && typeof parsed.type === 'string') messages.push(parsed.type);
  const requestId =
    typeof parsed.request_id === 'string' ? parsed.request_id : Array.isArray(header) ? header[0] : header;
  const fields = (Array.isArray(parsed.errors) ? parsed.errors : []).flatMap((e) =>
    typeof e.source?.field === 'string' ? [e.source.field] : [],
  );
  return {messages, requestId, fields};
}
