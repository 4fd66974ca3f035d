/** The seven station states and their colours (DESIGN §3). */
import { STATE_LABELS, STATE_NAMES, stateFill } from './states';

export function Legend() {
  return (
    <ul class="legend" data-testid="legend" aria-label="Station states">
      {STATE_NAMES.map((name) => (
        <li key={name} data-state={name}>
          <span class="swatch" style={{ background: stateFill(name) }} aria-hidden="true" />
          {STATE_LABELS[name]}
        </li>
      ))}
    </ul>
  );
}
