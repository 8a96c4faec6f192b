// What an injected fault looks like on the wire: incident.io's 429 with an HTTP-date Retry-After
// and a rate_limit body, Port's 429 with x-ratelimit-* headers, 5xx (a 502 as a proxy's HTML
// page), and connections dropped before or after the request took effect, or halfway through the answer.
import {randomUUID} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {sendJson} from './http-kit.js';
import type {FaultKind} from './faults.js';

/**
 * incident.io's answer over the limit: Retry-After is an HTTP date, which has whole seconds only;
 * a wait of zero (retryAfterSeconds 0, for fast tests) is sent as delta-seconds "0" instead.
 */
export function rateLimited(res: ServerResponse, limit: number, retryAt: number): void {
  const date = retryAt <= Date.now() ? '0' : new Date(Math.ceil(retryAt / 1000) * 1000).toUTCString();
  sendJson(
    res,
    429,
    {
      type: 'too_many_requests',
      status: 429,
      request_id: randomUUID(),
      errors: [{code: 'too_many_requests', message: 'Too many requests: slow down'}],
      rate_limit: {name: 'api_key', limit, remaining: 0, retry_after: date},
    },
    {'retry-after': date},
  );
}

/** Answers with the fault, or arranges for the answer to be lost; false when the request must still be handled. */
export function injectFault(
  req: IncomingMessage,
  res: ServerResponse,
  api: 'port' | 'incident',
  kind: FaultKind,
  retryAfterSeconds: number,
): boolean {
  switch (kind) {
    case 'drop':
      req.socket.destroy();
      return true;
    case 'drop-after': {
      // The request takes effect, then the connection dies before the answer: a lost response.
      const lose = (): ServerResponse => {
        req.socket.destroy();
        return res;
      };
      res.writeHead = lose;
      res.end = lose;
      return false;
    }
    case 'cut': {
      // The request takes effect and its answer starts (status, headers, the first half of the body),
      // then the connection dies: a client has parsed part of a body when it has to ask again.
      res.end = ((chunk?: unknown): ServerResponse => {
        const body = typeof chunk === 'string' || chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.alloc(0);
        const half = body.subarray(0, Math.floor(body.length / 2));
        res.flushHeaders();
        // A 204 has no body to cut: its connection dies after the headers.
        if (half.length === 0) setImmediate(() => req.socket.destroy());
        else res.write(half, () => req.socket.destroy());
        return res;
      }) as ServerResponse['end'];
      return false;
    }
    case '429': {
      const at = Date.now() + retryAfterSeconds * 1000;
      if (api === 'incident') rateLimited(res, 1200, at);
      else {
        sendJson(
          res,
          429,
          {ok: false, error: 'rate_limit_exceeded', message: 'Too many requests'},
          {
            'x-ratelimit-limit': '1000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil(at / 1000)),
            'x-ratelimit-period': '60',
          },
        );
      }
      return true;
    }
    case '502':
      res.writeHead(502, {'content-type': 'text/html'}).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return true;
    case '500':
    case '503': {
      const status = Number(kind);
      if (api === 'incident')
        sendJson(res, status, {
          type: 'internal_error',
          status,
          request_id: randomUUID(),
          errors: [{code: 'internal_error', message: 'Something went wrong (injected fault)'}],
        });
      else
        sendJson(res, status, {ok: false, error: 'internal_error', message: 'Something went wrong (injected fault)'});
      return true;
    }
  }
}
