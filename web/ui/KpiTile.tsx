/** One headline number with its label. */
import type { ComponentChildren } from 'preact';

export function KpiTile({ label, value, unit, testId, detail }: { label: string; value: string; unit?: string; testId: string; detail?: ComponentChildren }) {
  return (
    <div class="tile">
      <div class="tile-label">{label}</div>
      <div class="tile-value">
        <span data-testid={testId}>{value}</span>
        {unit && <span class="tile-unit"> {unit}</span>}
      </div>
      {detail && <div class="tile-detail">{detail}</div>}
    </div>
  );
}
