/** The 3D view's key: station state colours (the page's palette, web/ui/states.ts) and the other marks. */
import { STATE_LABELS, STATE_NAMES, stateFill } from '../ui/states';
import { MARK_HEX } from './palette';

const MARKS: [string, string][] = [
  ['Belt', MARK_HEX.belt],
  ['Belt blocked', MARK_HEX.beltBlocked],
  ['Part', MARK_HEX.part],
  ['Robot', MARK_HEX.robot],
  ['Humanoid', MARK_HEX.humanoid],
  ['Source', MARK_HEX.source],
  ['Buffer', MARK_HEX.buffer],
  ['Sink', MARK_HEX.sink],
  ['Selected', MARK_HEX.selection],
];

export function Legend3D() {
  return (
    <div class="view3d-legend">
      <ul class="legend" data-testid="view3d-legend" aria-label="Station states">
        {STATE_NAMES.map((name) => (
          <li key={name} data-state={name}>
            <span class="swatch" style={{ background: stateFill(name) }} aria-hidden="true" />
            {STATE_LABELS[name]}
          </li>
        ))}
      </ul>
      <ul class="legend" aria-label="Other marks">
        {MARKS.map(([label, colour]) => (
          <li key={label}>
            <span class="swatch" style={{ background: colour }} aria-hidden="true" />
            {label}
          </li>
        ))}
      </ul>
    </div>
  );
}
