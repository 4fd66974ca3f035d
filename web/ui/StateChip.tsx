/** A station state as a coloured dot and its name. */
import { STATE_LABELS, stateFill, stateName } from './states';

export function StateChip({ code }: { code: number }) {
  const name = stateName(code);
  if (!name) return <span class="muted">—</span>;
  return (
    <span class="chip" data-state={name}>
      <span class="swatch" style={{ background: stateFill(name) }} aria-hidden="true" />
      {STATE_LABELS[name]}
    </span>
  );
}
