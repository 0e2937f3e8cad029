import type { ConfidenceLabel } from "../api/types";

const TEXT: Record<ConfidenceLabel, string> = {
  high: "High confidence",
  medium: "Medium confidence",
  low: "Low confidence",
};

/** The answer's honest confidence: a word and a shape, never colour alone. */
export function ConfidenceBadge({ label, score }: { label: ConfidenceLabel; score?: number }) {
  const icon = label === "high" ? "●" : label === "medium" ? "◐" : "○";
  return (
    <span className={`badge badge-${label}`} data-testid="confidence-badge" data-label={label}>
      <span aria-hidden="true">{icon}</span> {TEXT[label]}
      {score !== undefined && <span className="badge-score"> ({Math.round(score * 100)}%)</span>}
    </span>
  );
}
