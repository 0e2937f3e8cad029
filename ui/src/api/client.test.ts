import { ApiError, fieldErrors, retryAfterSeconds } from "./client";
import { unreadCount } from "../pages/Threads";

describe("problem+json in words", () => {
  it("names the fields of a 400 and the wait of a 429", () => {
    const bad = new ApiError(400, { status: 400, errors: [{ field: "answer", message: "is required" }] });
    expect(bad.message).toBe("Please check your input (answer: is required).");
    expect(new ApiError(429, null, "30").message).toBe("Too many requests, try again in 30 s.");
    expect(new ApiError(429, null, null).message).toBe("Too many requests, try again in a moment.");
    expect(new ApiError(500, { detail: "java.lang.NullPointerException" }).message).toBe(
      "Something went wrong on our side. Please try again.",
    );
  });
});

describe("retryAfterSeconds", () => {
  it("reads delay-seconds and HTTP dates", () => {
    const now = Date.parse("2026-12-03T18:00:00Z");
    expect(retryAfterSeconds("12", now)).toBe(12);
    expect(retryAfterSeconds("Thu, 03 Dec 2026 18:00:07 GMT", now)).toBe(7);
    expect(retryAfterSeconds("soon", now)).toBeNull();
  });
});

describe("fieldErrors", () => {
  it("keys a 400's messages by field and ignores other errors", () => {
    const bad = new ApiError(400, { errors: [{ field: "answers", message: "a" }, { field: "answers", message: "b" }, { field: "topic", message: "c" }] });
    expect(fieldErrors(bad)).toEqual({ answers: "a; b", topic: "c" });
    expect(fieldErrors(new ApiError(404, null))).toEqual({});
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
