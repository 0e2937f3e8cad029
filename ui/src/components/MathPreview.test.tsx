import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { MathPreview, toTex } from "./MathPreview";

function AnswerBox() {
  const [v, setV] = useState("");
  return (
    <>
      <label htmlFor="a">Your answer</label>
      <input id="a" value={v} onChange={(e) => setV(e.target.value)} />
      <MathPreview input={v} />
    </>
  );
}

describe("toTex", () => {
  it("turns typed math into TeX", () => {
    expect(toTex("sqrt(x)/3")).toBe("\\frac{\\sqrt{ x}}{3}");
    expect(toTex("x^2")).toBe("{ x}^{2}");
  });
  it("is null for blank or unfinished input", () => {
    expect(toTex("  ")).toBeNull();
    expect(toTex("2*(x+")).toBeNull();
  });
});

describe("MathPreview", () => {
  it("renders the answer live as the student types, and says when it is not complete yet", async () => {
    render(<AnswerBox />);
    expect(screen.queryByTestId("math-preview")).not.toBeInTheDocument();
    const input = screen.getByLabelText("Your answer");
    await userEvent.type(input, "2*(x+");
    expect(screen.getByTestId("math-preview")).toHaveTextContent("keep typing");
    await userEvent.type(input, "1)^2");
    const preview = screen.getByTestId("math-preview");
    expect(preview.querySelector(".katex")).not.toBeNull();
    // KaTeX's MathML carries the structure: a superscript of 2 over the bracket.
    expect(preview.querySelector("math msup")).not.toBeNull();
    expect(preview).not.toHaveTextContent("keep typing");
  });
});
