import { useMemo } from "react";
import katex from "katex";
import { create, parseDependencies } from "mathjs";
import "katex/dist/katex.min.css";

const math = create({ parseDependencies });

/**
 * Turns typed math ("2*x^2 + sqrt(x)/3") into TeX with the math.js parser, the same infix syntax
 * the backend's CAS reads. Null while the input is not yet a whole expression.
 */
export function toTex(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  try {
    return math.parse(text).toTex({ parenthesis: "auto", implicit: "hide" });
  } catch {
    return null;
  }
}

/** A live rendering of what the student typed, announced politely to screen readers. */
export function MathPreview({ input, id }: { input: string; id?: string }) {
  const tex = useMemo(() => toTex(input), [input]);
  const html = useMemo(
    () => (tex ? katex.renderToString(tex, { throwOnError: false, output: "htmlAndMathml" }) : null),
    [tex],
  );
  if (!input.trim()) return null;
  return (
    <div className="math-preview" id={id} aria-live="polite" data-testid="math-preview">
      <span className="muted">Preview: </span>
      {html ? (
        <span className="math" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <span className="muted">keep typing… (not a complete expression yet)</span>
      )}
    </div>
  );
}
