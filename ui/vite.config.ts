/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

// The backend serves the built app from its classpath folder web/ (http/StaticRoutes.java): building
// straight into target/classes/web puts it in the jar without committing built files.
const outDir = fileURLToPath(new URL("../target/classes/web", import.meta.url));

// `npm run dev`: every API path goes to the backend on :8080; /app/* stays with Vite.
const api = [
  "/auth", "/me", "/subjects", "/practice", "/progress", "/goals", "/qa", "/threads", "/dashboard",
  "/overrides", "/items", "/admin", "/summaries", "/nudges", "/n/", "/unsubscribe", "/health",
];
const backend = process.env.ELEVARE_BACKEND ?? "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: Object.fromEntries(api.map((p) => [p, { target: backend, changeOrigin: false }])) },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
