import { render, screen, within } from "@testing-library/react";
import { dueText, ReviewList, type ReviewItem } from "./Reviews";

const NOW = Date.parse("2026-12-03T12:00:00Z");
const due: ReviewItem = { item_id: "i1", subject: "chemistry", topic: "molar-mass", due_at: "2026-12-03T08:00:00Z", due: true, interval_days: 1, lapses: 2 };
const later: ReviewItem = { item_id: "i2", subject: "physics", topic: "kinematics", due_at: "2026-12-06T12:00:00Z", due: false, interval_days: 4, lapses: 0 };

describe("ReviewList", () => {
  it("lists each item with subject, topic and when it is due, saying how many are due now", () => {
    render(<ReviewList reviews={[due, later]} />);
    const section = screen.getByRole("region", { name: "Questions to review" });
    const items = within(section).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Chemistry · molar mass");
    expect(items[0]).toHaveTextContent("missed 2 times");
    expect(items[0]).toHaveTextContent("Due now");
    expect(items[1]).toHaveTextContent("Physics · kinematics");
    expect(items[1]).toHaveTextContent(/Due in \d days/);
    expect(within(items[1]).getByText(/Due in/).closest("time")).toHaveAttribute("datetime", later.due_at);
    expect(screen.getByTestId("reviews-due")).toHaveTextContent("1 due now");
  });

  it("an empty queue says so", () => {
    render(<ReviewList reviews={[]} />);
    expect(screen.getByText(/Nothing to review/)).toBeInTheDocument();
  });

  it("words the due time relative to now", () => {
    expect(dueText(due, NOW)).toBe("Due now");
    expect(dueText(later, NOW)).toMatch(/^Due in 3 days \(/);
    expect(dueText({ ...later, due_at: "2026-12-04T12:00:00Z" }, NOW)).toMatch(/^Due tomorrow/);
    expect(dueText({ ...later, due_at: "2026-12-03T15:00:00Z" }, NOW)).toMatch(/^Due today/);
    // Under a day away but past midnight: tomorrow, not today.
    const evening = new Date(2026, 11, 3, 20, 0).getTime();
    expect(dueText({ ...later, due_at: new Date(2026, 11, 4, 6, 19).toISOString() }, evening)).toMatch(/^Due tomorrow/);
  });
});
