import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { answer, json, renderWithClient, sent } from "../test/fetch";
import { ItemsPage } from "./Items";

async function fill() {
  await userEvent.type(screen.getByLabelText("Topic"), "quadratics");
  await userEvent.selectOptions(screen.getByLabelText("Answer format"), "roots");
  await userEvent.type(screen.getByLabelText("Question"), "Solve x^2 + x - 6 = 0");
  await userEvent.type(screen.getByLabelText("Accepted answers (one per line)"), "x = 2, x = -3");
  await userEvent.type(screen.getByLabelText("Hint"), "Factor it.");
  await userEvent.type(screen.getByLabelText("Explanation (shown after answering)"), "(x + 3)(x - 2) = 0");
}

describe("ItemsPage", () => {
  it("adds a roots question, explaining the answer form", async () => {
    answer(() => json(201, { id: "0b6c4f0e-9a53-3d1b-8c1e-5f0b2a6f9c11" }));
    renderWithClient(<ItemsPage />);
    await fill();
    expect(screen.getByLabelText("Accepted answers (one per line)")).toHaveAccessibleDescription(/every solution, checked as a set/);
    await userEvent.click(screen.getByRole("button", { name: "Add to the bank" }));
    expect(await screen.findByTestId("item-id")).toHaveTextContent("0b6c4f0e");
    expect(sent[0]).toMatchObject({ method: "POST", path: "/items", body: { answer_format: "roots", answers: ["x = 2, x = -3"], expected_time_ms: 60000 } });
  });

  it("shows each field's message from a 400 next to that field", async () => {
    answer(() =>
      json(400, {
        status: 400,
        errors: [
          { field: "answers", message: "roots takes the solutions as x = 2, x = -3 or {2, -3}" },
          { field: "expected_time_ms", message: "must be at least 1000" },
        ],
      }),
    );
    renderWithClient(<ItemsPage />);
    await fill();
    await userEvent.click(screen.getByRole("button", { name: "Add to the bank" }));
    const answers = screen.getByLabelText("Accepted answers (one per line)");
    expect(await screen.findByTestId("error-answers")).toHaveTextContent("roots takes the solutions");
    expect(answers).toHaveAttribute("aria-invalid", "true");
    expect(answers).toHaveAccessibleDescription(/roots takes the solutions/);
    expect(screen.getByLabelText("Expected time (seconds)")).toHaveAccessibleDescription("must be at least 1000");
    expect(screen.getByLabelText("Topic")).not.toHaveAttribute("aria-invalid");
  });
});
