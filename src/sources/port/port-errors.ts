// Reads Port's error bodies ({ok: false, error, message}) and its X-Trace-Id header.
import type {ErrorDetails} from '../../http/http-client.js';

export function describePortError(
  body: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): ErrorDetails {
  const trace = headers['x-trace-id'];
  const requestId = Array.isArray(trace) ? trace[0] : trace;
  let messages: string[];
  try {
    const parsed = JSON.parse(body) as {error?: unknown; message?: unknown};
    const error = typeof parsed.error === 'string' ? parsed.error : JSON.stringify(parsed.error);
    messages = [[error, typeof parsed.message === 'string' ? parsed.message : undefined].filter(Boolean).join(': ')];
  } catch {
    messages = body.trim() === '' ? [] : [`(not JSON) ${body.trim().slice(0, 200)}`];
  }
  return {messages, requestId};
}
