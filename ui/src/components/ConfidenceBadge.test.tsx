import { render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { AnswerCard } from "../pages/Ask";
import type { ConfidenceLabel, QaAnswer } from "../api/types";
import { ConfidenceBadge } from "./ConfidenceBadge";

function answer(label: ConfidenceLabel, score: number): QaAnswer {
  return {
    interaction_id: "7a0b5624-21a5-4647-ad34-a6524c979d0e",
    answer: "The full answer: 2x.",
    overview: "An overview only.",
    confidence: { score, label },
    escalation: { suggested: label !== "high", required: label === "low" },
    follow_up: false,
    provider: "local",
    fallback: false,
  };
}

function renderCard(label: ConfidenceLabel, score: number) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AnswerCard turn={{ question: "q", answer: answer(label, score) }} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("ConfidenceBadge", () => {
  it.each([
    ["high", 0.86, "High confidence (86%)"],
    ["medium", 0.55, "Medium confidence (55%)"],
    ["low", 0.04, "Low confidence (4%)"],
  ] as const)("names the %s label in words with the score", (label, score, text) => {
    render(<ConfidenceBadge label={label} score={score} />);
    const badge = screen.getByTestId("confidence-badge");
    expect(badge).toHaveTextContent(text);
    expect(badge).toHaveClass(`badge-${label}`);
  });
});

describe("AnswerCard", () => {
  it("high: the whole answer, no disclaimer, no escalation", () => {
    renderCard("high", 0.9);
    expect(screen.getByText("The full answer: 2x.")).toBeInTheDocument();
    expect(screen.queryByTestId("disclaimer")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ask my tutor" })).not.toBeInTheDocument();
  });

  it("medium: the answer with the disclaimer and an offer to ask the tutor", () => {
    renderCard("medium", 0.55);
    expect(screen.getByText("The full answer: 2x.")).toBeInTheDocument();
    expect(screen.getByTestId("disclaimer")).toHaveTextContent("may not be completely right");
    expect(screen.getByRole("button", { name: "Ask my tutor" })).toBeInTheDocument();
  });

  it("low: only the overview, never the answer, and the escalation button", () => {
    renderCard("low", 0.1);
    expect(screen.getByText("An overview only.")).toBeInTheDocument();
    expect(screen.queryByText("The full answer: 2x.")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Ask my tutor" })).toBeEnabled();
  });
});
