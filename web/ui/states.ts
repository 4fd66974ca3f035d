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

/** CSS custom properties holding a state's fill and the ink readable on it (styles.css). */
export const stateFill = (name: StateName) => `var(--state-${name})`;
export const stateInk = (name: StateName) => `var(--state-${name}-ink)`;

export function stateName(code: number): StateName | null {
  return code >= 0 && code < STATE_NAMES.length ? STATE_NAMES[code] : null;
}
