import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { fakeFetch } from "./fetch";

// Before any test imports the API client, which keeps the fetch it finds at creation.
globalThis.fetch = fakeFetch as typeof fetch;

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});
