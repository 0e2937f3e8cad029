import { render, screen, within } from "@testing-library/react";
import type { SessionSummary, SummaryStatus } from "../api/types";
import { paragraphs, SummaryCard } from "./Summaries";

function summary(status: SummaryStatus, extra: Partial<SessionSummary> = {}): SessionSummary {
  return {
    summary_id: "0b6c4f0e-9a53-3d1b-8c1e-5f0b2a6f9c11",
    session_id: "rails-42",
    student_id: "7a0b5624-21a5-4647-ad34-a6524c979d0e",
    tutor_id: "1c7b0e0a-52a4-4b8e-9f36-0d8c6a1e2b3f",
    subject: "chemistry",
    narrative: null,
    key_topics: [],
    next_steps: [],
    status,
    failure_reason: null,
    started_at: "2026-12-01T16:00:00Z",
    ended_at: "2026-12-01T16:45:00Z",
    created_at: "2026-12-01T16:45:02Z",
    updated_at: "2026-12-01T16:45:05Z",
    ...extra,
  };
}

const READY = summary("ready", {
  narrative:
    "Maya worked on limiting reactants after a rough stoichiometry test.\n\nShe converted grams to moles\nand found chlorine limits the sodium chloride made.",
  key_topics: ["limiting reactant", "molar mass", "mole ratio"],
  next_steps: ["Redo the sodium and chlorine problem without notes.", "Try three gram-to-mole problems."],
});

describe("SummaryCard", () => {
  it("ready: the narrative as paragraphs (not bullets), the topics as chips, the next steps in order", () => {
    render(<SummaryCard summary={READY} />);
    expect(screen.getByRole("heading", { name: "Chemistry session" })).toBeInTheDocument();
    const narrative = screen.getByTestId("narrative");
    const ps = narrative.querySelectorAll("p");
    expect(ps).toHaveLength(2);
    expect(ps[1]).toHaveTextContent("She converted grams to moles and found chlorine limits the sodium chloride made.");
    expect(within(narrative).queryByRole("listitem")).toBeNull();
    const topics = within(screen.getByRole("list", { name: "Key topics" })).getAllByRole("listitem");
    expect(topics.map((t) => t.textContent)).toEqual(["limiting reactant", "molar mass", "mole ratio"]);
    topics.forEach((t) => expect(t).toHaveClass("chip"));
    const steps = screen.getByTestId("next-steps");
    expect(steps.tagName).toBe("OL");
    expect(within(steps).getAllByRole("listitem").map((s) => s.textContent)).toEqual(READY.next_steps);
    expect(screen.queryByTestId("summary-status")).toBeNull();
  });

  it.each(["pending", "generating"] as const)("%s: says it is being written and shows no content yet", (status) => {
    render(<SummaryCard summary={summary(status)} />);
    expect(screen.getByRole("status")).toHaveTextContent("This summary is being written.");
    expect(screen.queryByTestId("narrative")).toBeNull();
    expect(screen.queryByTestId("key-topics")).toBeNull();
  });

  it("failed: says so with the reason", () => {
    render(<SummaryCard summary={summary("failed", { failure_reason: "transcript host not allowed" })} />);
    const note = screen.getByTestId("summary-status");
    expect(note).toHaveAttribute("data-status", "failed");
    expect(note).toHaveTextContent("We could not write this summary. Reason: transcript host not allowed");
    expect(screen.queryByTestId("narrative")).toBeNull();
  });

  it("ready without topics or steps: only the narrative, no empty headings", () => {
    render(<SummaryCard summary={summary("ready", { narrative: "One paragraph." })} />);
    expect(screen.getByTestId("narrative")).toHaveTextContent("One paragraph.");
    expect(screen.queryByRole("heading", { name: "Key topics" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Next steps" })).toBeNull();
  });
});

describe("paragraphs", () => {
  it("splits on blank lines, joins wrapped lines, drops empty ones", () => {
    expect(paragraphs("a\nb\n\n  \n\nc\r\n")).toEqual(["a b", "c"]);
    expect(paragraphs(null)).toEqual([]);
  });
});
