import type { ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";

/** A request as the API client sent it: method, path with query, and the JSON body if any. */
export interface Sent {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (sent: Sent) => Response | Promise<Response>;
let handler: Handler = (sent) => {
  throw new Error(`unexpected request ${sent.method} ${sent.path}`);
};
export const sent: Sent[] = [];

/**
 * The API client keeps the fetch it was created with, so setup.ts installs this one before any test
 * imports the client; each test says how the server answers.
 */
export async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  const text = await request.text();
  const s = { method: request.method, path: url.pathname + url.search, body: text ? JSON.parse(text) : undefined };
  sent.push(s);
  return handler(s);
}

export function answer(h: Handler) {
  sent.length = 0;
  handler = h;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? "application/problem+json" : "application/json";
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": type, ...headers } });
}

export function renderWithClient(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      {ui}
    </QueryClientProvider>,
  );
}
