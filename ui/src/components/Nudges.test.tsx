import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import type { Nudge } from "../api/types";
import { NudgeList, unreadNudges } from "./Nudges";

const OLD: Nudge = {
  id: "11111111-1111-4111-8111-111111111111",
  kind: "inactivity",
  message: "You have not practised physics for 3 days.",
  link: "/n/AAAAAAAAAAAAAAAAAAAAAA?via=app",
  created_at: "2026-12-01T09:00:00Z",
  opened_at: "2026-12-01T10:00:00Z",
  clicked_at: null,
};
const NEW: Nudge = {
  id: "22222222-2222-4222-8222-222222222222",
  kind: "goal_completed",
  message: "You reached your goal: Times tables.",
  link: "/n/BBBBBBBBBBBBBBBBBBBBBB?via=app",
  created_at: "2026-12-02T09:00:00Z",
  opened_at: null,
  clicked_at: null,
};

describe("NudgeList", () => {
  it("shows the newest first and marks each unopened nudge as opened once, however often it renders", () => {
    const onShown = vi.fn();
    const { rerender } = render(<NudgeList nudges={[OLD, NEW]} onShown={onShown} onFollow={() => {}} />);
    const items = screen.getAllByTestId("nudge");
    expect(items[0]).toHaveTextContent("Goal reached");
    expect(items[0]).toHaveTextContent("New");
    expect(items[1]).toHaveTextContent("Time to practise");
    expect(items[1]).not.toHaveTextContent("New");
    expect(onShown.mock.calls).toEqual([[NEW.id]]);
    rerender(<NudgeList nudges={[NEW, OLD]} onShown={onShown} onFollow={() => {}} />);
    expect(onShown).toHaveBeenCalledTimes(1);
  });

  it("follows a nudge's link inside the app on click and on Enter", async () => {
    const onFollow = vi.fn();
    render(<NudgeList nudges={[NEW]} onShown={() => {}} onFollow={onFollow} />);
    const link = screen.getByRole("link", { name: /^Go there.*You reached your goal/ });
    expect(link).toHaveAttribute("href", NEW.link);
    await userEvent.click(link);
    link.focus();
    await userEvent.keyboard("{Enter}");
    expect(onFollow.mock.calls).toEqual([[NEW], [NEW]]);
  });

  it("an empty inbox says so", () => {
    render(<NudgeList nudges={[]} onShown={() => {}} onFollow={() => {}} />);
    expect(screen.getByText(/No reminders yet/)).toBeInTheDocument();
    expect(unreadNudges([])).toBe(0);
    expect(unreadNudges([OLD, NEW])).toBe(1);
  });
});
