import { ApiError } from "./client";
import { unreadCount } from "../pages/Threads";

describe("problem+json in words", () => {
  it("names the fields of a 400 and the wait of a 429", () => {
    const bad = new ApiError(400, { status: 400, errors: [{ field: "answer", message: "is required" }] });
    expect(bad.message).toBe("Please check your input (answer: is required).");
    expect(new ApiError(429, null, "30").message).toContain("wait 30 seconds");
    expect(new ApiError(500, { detail: "java.lang.NullPointerException" }).message).toBe(
      "Something went wrong on our side. Please try again.",
    );
  });
});

describe("unreadCount", () => {
  it("counts others' messages newer than the last one seen", () => {
    const m = (author: string, at: string) => ({ author_id: author, created_at: at });
    const messages = [m("tutor", "2026-12-01T10:00:00Z"), m("me", "2026-12-01T11:00:00Z"), m("tutor", "2026-12-01T12:00:00Z")];
    expect(unreadCount(messages, "me", undefined)).toBe(2);
    expect(unreadCount(messages, "me", "2026-12-01T11:00:00Z")).toBe(1);
    expect(unreadCount(messages, "me", "2026-12-01T12:00:00Z")).toBe(0);
  });
});
