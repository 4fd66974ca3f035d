/** How station states look on the page: one colour and label per state code (StationState). */
import { STATE_NAMES, type StateName } from '../../engine/model/compiled';

export const STATE_LABELS: Record<StateName, string> = {
  working: 'Working',
  starved: 'Starved',
  blocked: 'Blocked',
  failed: 'Failed',
  setup: 'Setup',
  waitingOperator: 'Waiting for operator',
  offShift: 'Off shift',
};

/** Short labels for table headers. */
export const STATE_SHORT: Record<StateName, string> = {
  working: 'Work',
  starved: 'Starved',
  blocked: 'Blocked',
  failed: 'Failed',
  setup: 'Setup',
  waitingOperator: 'Wait op.',
  offShift: 'Off shift',
};

export { STATE_NAMES };
export type { StateName };

/**
 * The states' colours in web/styles.css's light theme, for code that draws outside CSS (canvas
 * charts, the 3D view) where no stylesheet defines them (Node tests); test/web/view3d.test.ts
 * checks they stay equal to the stylesheet.
 */
export const STATE_LIGHT_HEX: Readonly<Record<StateName, string>> = {
  working: '#2f9e44',
  starved: '#ced4da',
  blocked: '#fab005',
  failed: '#e03131',
  setup: '#1c7ed6',
  waitingOperator: '#ae3ec9',
  offShift: '#495057',
};

/** CSS custom properties holding a state's fill and the ink readable on it (styles.css). */
export const stateFill = (name: StateName) => `var(--state-${name})`;
export const stateInk = (name: StateName) => `var(--state-${name}-ink)`;

export function stateName(code: number): StateName | null {
  return code >= 0 && code < STATE_NAMES.length ? STATE_NAMES[code] : null;
}
