import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { answer, json, renderWithClient, sent } from "../test/fetch";
import { FlagItem, canFlag, sourceText } from "./FlagItem";

describe("the assignment's source", () => {
  it("is said in words for each source the API names", () => {
    expect(sourceText("review")).toMatch(/review/);
    expect(sourceText("tutor")).toMatch(/tutor/);
    for (const s of ["topics", "ai", "bank", "math"]) expect(sourceText(s)).toBeTruthy();
    expect(sourceText("something-new")).toBeNull();
    expect(sourceText(undefined)).toBeNull();
  });

  it("offers reporting for every stored item, bank and generated, but not a CAS problem made on the spot", () => {
    expect(canFlag({ question: { id: "g-1" } })).toBe(true);
    expect(canFlag({ question: { id: "0b6c4f0e-9a53-3d1b-8c1e-5f0b2a6f9c11" } })).toBe(true);
    expect(canFlag({ question: { id: "math:fractions:3:42" } })).toBe(false);
    expect(canFlag({ question: {} })).toBe(false);
    expect(canFlag(null)).toBe(false);
  });
});

describe("FlagItem", () => {
  it("sends the reason for the item and thanks the student", async () => {
    answer(() => json(201, { item_id: "g-1", flagged: true }));
    renderWithClient(<FlagItem itemId="g-1" />);
    await userEvent.click(screen.getByRole("button", { name: "Report a problem with this question" }));
    const send = screen.getByRole("button", { name: "Send report" });
    expect(send).toBeDisabled();
    await userEvent.type(screen.getByLabelText("What is wrong with it?"), "The answer key is wrong");
    await userEvent.click(send);
    expect(await screen.findByTestId("flag-done")).toHaveTextContent("A tutor will check this question");
    expect(sent).toEqual([{ method: "POST", path: "/items/g-1/flag", body: { reason: "The answer key is wrong" } }]);
  });

  it("shows a refusal in words and keeps the form", async () => {
    answer(() => json(404, { status: 404, detail: "No such generated item." }));
    renderWithClient(<FlagItem itemId="g-9" />);
    await userEvent.click(screen.getByRole("button", { name: "Report a problem with this question" }));
    await userEvent.type(screen.getByLabelText("What is wrong with it?"), "typo");
    await userEvent.click(screen.getByRole("button", { name: "Send report" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("No such generated item.");
    expect(screen.getByLabelText("What is wrong with it?")).toHaveValue("typo");
  });

  it("a 429 says how long to wait, from Retry-After", async () => {
    answer(() => json(429, { status: 429, title: "Too Many Requests" }, { "Retry-After": "17" }));
    renderWithClient(<FlagItem itemId="g-1" />);
    await userEvent.click(screen.getByRole("button", { name: "Report a problem with this question" }));
    await userEvent.type(screen.getByLabelText("What is wrong with it?"), "x");
    await userEvent.click(screen.getByRole("button", { name: "Send report" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests, try again in 17 s.");
  });
});
