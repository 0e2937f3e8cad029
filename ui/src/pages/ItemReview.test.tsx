import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { answer, json, renderWithClient, sent } from "../test/fetch";
import { ItemReviewPage, type GeneratedItem } from "./ItemReview";

const FLAGGED: GeneratedItem = {
  id: "g-1",
  kind: "generated",
  subject: "chemistry",
  topic: "molar-mass",
  prompt: "What is the molar mass of CO2 in g/mol?",
  answer_format: "number",
  choices: [],
  answers: ["44"],
  hint: "Add the atoms' masses.",
  explanation: "12 + 2 × 16 = 44.",
  difficulty: 3,
  origin: "local",
  source_item_id: "0b6c4f0e-9a53-3d1b-8c1e-5f0b2a6f9c11",
  status: "verified",
  flagged: true,
  bank_item_id: null,
  flags: [{ student_id: "s1", reason: "The answer should be 44.01", created_at: "2026-12-03T10:00:00Z" }],
  created_at: "2026-12-03T09:00:00Z",
};
const PLAIN: GeneratedItem = { ...FLAGGED, id: "g-2", prompt: "How many moles in 18 g of water?", answers: ["1"], flagged: false, flags: [] };
const BANK: GeneratedItem = {
  ...FLAGGED,
  id: "0b6c4f0e-9a53-3d1b-8c1e-5f0b2a6f9c11",
  kind: "bank",
  origin: "bank",
  source_item_id: null,
  status: "flagged",
  bank_item_id: "0b6c4f0e-9a53-3d1b-8c1e-5f0b2a6f9c11",
  prompt: "What is the pH of pure water at 25 °C?",
  answers: ["7"],
  flags: [{ student_id: "s2", reason: "It depends on the temperature", created_at: "2026-12-03T11:00:00Z" }],
};

describe("ItemReviewPage", () => {
  it("shows ten at a time, then more on request", async () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ ...PLAIN, id: `g-${i + 10}`, prompt: `Question ${i + 10}` }));
    answer(() => json(200, { items: many }));
    renderWithClient(<ItemReviewPage />);
    expect(await screen.findAllByTestId("review-item")).toHaveLength(10);
    expect(screen.getByTestId("review-count")).toHaveTextContent("13 questions waiting, 0 reported");
    await userEvent.click(screen.getByRole("button", { name: "Show 3 more (of 3 not shown)" }));
    expect(screen.getAllByTestId("review-item")).toHaveLength(13);
    expect(screen.queryByRole("button", { name: /more/ })).toBeNull();
  });

  it("shows reported items with their reasons, and approves one with a note", async () => {
    answer((s) => {
      if (s.method === "GET") return json(200, { items: [FLAGGED, PLAIN] });
      return json(200, { ...FLAGGED, status: "approved", flagged: false, flags: [], bank_item_id: "g-1" });
    });
    renderWithClient(<ItemReviewPage />);
    const items = await screen.findAllByTestId("review-item");
    expect(screen.getByTestId("review-count")).toHaveTextContent("2 questions waiting, 1 reported");
    expect(within(items[0]).getByTestId("flagged")).toHaveTextContent("Reported");
    expect(items[0]).toHaveTextContent("“The answer should be 44.01”");
    expect(items[0]).toHaveTextContent("Accepted answers (number): 44");
    expect(within(items[1]).queryByTestId("flagged")).toBeNull();

    await userEvent.type(within(items[0]).getByLabelText("Note (optional)"), "44 is fine at this level");
    await userEvent.click(within(items[0]).getByRole("button", { name: "Approve into the bank" }));
    expect(await within(items[0]).findByRole("status")).toHaveTextContent("Approved: it is in the question bank now.");
    expect(sent).toContainEqual({ method: "POST", path: "/items/review/g-1/approve", body: { note: "44 is fine at this level" } });
    // It stays in view with its outcome; the count is of those still waiting.
    expect(screen.getByTestId("review-count")).toHaveTextContent("1 question waiting, 0 reported");
    expect(within(items[0]).queryByRole("button", { name: "Approve into the bank" })).toBeNull();
  });

  it("rejects without a note, and shows a conflict in words", async () => {
    answer((s) => (s.method === "GET" ? json(200, { items: [PLAIN] }) : json(409, { status: 409, detail: "The item was already rejected." })));
    renderWithClient(<ItemReviewPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Reject" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The item was already rejected.");
    expect(sent).toContainEqual({ method: "POST", path: "/items/review/g-2/reject", body: {} });
  });

  it("offers keep and retire for a reported bank question, and keeps it with a note", async () => {
    answer((s) => {
      if (s.method === "GET") return json(200, { items: [BANK, PLAIN] });
      return json(200, { ...BANK, status: "active", flagged: false, flags: [] });
    });
    renderWithClient(<ItemReviewPage />);
    const items = await screen.findAllByTestId("review-item");
    expect(screen.getByTestId("review-count")).toHaveTextContent("2 questions waiting, 1 reported");
    expect(items[0]).toHaveTextContent("from the question bank");
    expect(items[0]).toHaveTextContent("Out of service until reviewed");
    expect(items[0]).toHaveTextContent("“It depends on the temperature”");
    expect(within(items[0]).queryByRole("button", { name: "Approve into the bank" })).toBeNull();
    // the generated item keeps its own decision
    expect(within(items[1]).getByRole("button", { name: "Approve into the bank" })).toBeInTheDocument();
    expect(within(items[1]).queryByRole("button", { name: "Retire it" })).toBeNull();

    await userEvent.type(within(items[0]).getByLabelText("Note (optional)"), "true at 25 °C");
    await userEvent.click(within(items[0]).getByRole("button", { name: "Keep it (clear the report)" }));
    expect(await within(items[0]).findByRole("status")).toHaveTextContent("Kept: it is served to students again.");
    expect(sent).toContainEqual({ method: "POST", path: `/items/review/${BANK.id}/clear`, body: { note: "true at 25 °C" } });
    expect(screen.getByTestId("review-count")).toHaveTextContent("1 question waiting, 0 reported");
  });

  it("retires a reported bank question, and shows a refusal in words", async () => {
    let calls = 0;
    answer((s) => {
      if (s.method === "GET") return json(200, { items: [BANK] });
      calls++;
      return calls === 1
        ? json(409, { status: 409, detail: "The item was reviewed meanwhile." })
        : json(200, { ...BANK, status: "retired", flagged: false, flags: [] });
    });
    renderWithClient(<ItemReviewPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Retire it" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The item was reviewed meanwhile.");
    await userEvent.click(screen.getByRole("button", { name: "Retire it" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Retired: it will not be served again.");
    expect(sent.filter((s) => s.method === "POST")).toEqual([
      { method: "POST", path: `/items/review/${BANK.id}/retire`, body: {} },
      { method: "POST", path: `/items/review/${BANK.id}/retire`, body: {} },
    ]);
  });

  it("filters by subject and says when nothing waits", async () => {
    answer(() => json(200, { items: [] }));
    renderWithClient(<ItemReviewPage />);
    expect(await screen.findByText(/Nothing to review/)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Subject"), "physics");
    await screen.findByText(/Nothing to review/);
    expect(sent.map((s) => s.path)).toContain("/items/review?subject=physics");
  });
});
