/**
 * Labelled form controls for the editor panels. Each shows the validation issues it is given under
 * it (`nodes[3].cycle.mean: must be > 0`) and commits on change (blur or Enter), so one edit is
 * one undo step. A number that cannot be read is not committed: the field says why and keeps the
 * text until it is fixed. All text is rendered as text (names and ids come from files).
 */
import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import type { Issue } from '../../engine/model/types';
import { formatNumber, parseNumberText } from './distributions';

export function IssueList({ issues, id }: { issues: readonly Issue[]; id?: string }) {
  if (issues.length === 0) return null;
  return (
    <ul class="ed-issues" id={id}>
      {issues.map((issue, i) => (
        <li key={`${i}:${issue.path}`}>
          <code>{issue.path}</code>: {issue.message}
        </li>
      ))}
    </ul>
  );
}

/** A message of the field itself (a number that could not be read). */
function LocalError({ message, id }: { message: string | null; id: string }) {
  return message ? (
    <span class="ed-local-error" id={id} role="status">
      {message}
    </span>
  ) : null;
}

function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter((x): x is string => typeof x === 'string');
  return list.length ? list.join(' ') : undefined;
}

interface FieldBase {
  label: string;
  issues?: readonly Issue[];
  testId?: string;
  disabled?: boolean;
  /** Extra text after the label (a unit). */
  unit?: string;
  class?: string;
}

export interface NumberFieldProps extends FieldBase {
  value: number | undefined;
  /** Called with the new value; undefined when an optional field is emptied. */
  onCommit: (value: number | undefined) => void;
  /** Empty means "no value" (the key is removed); otherwise empty is refused. */
  optional?: boolean;
  placeholder?: string;
}

/**
 * Runs `onChange` during render when the document's value differs from the last one seen (an
 * undo, another edit), so the field shows it. Not an effect: an effect also runs once after the
 * first paint, and would wipe what a person typed in the moment after the field appeared.
 */
function useValueChange<T>(value: T, onChange: () => void): void {
  const seen = useRef(value);
  if (!Object.is(seen.current, value)) {
    seen.current = value;
    onChange();
  }
}

export function NumberField(props: NumberFieldProps) {
  const { label, value, onCommit, optional = false, placeholder, issues = [], testId, disabled, unit } = props;
  const id = useId();
  const [text, setText] = useState(formatNumber(value));
  const [local, setLocal] = useState<string | null>(null);
  useValueChange(value, () => {
    setText(formatNumber(value));
    setLocal(null);
  });
  const commit = (raw: string) => {
    const r = parseNumberText(raw);
    if (!r.ok) return setLocal(r.message);
    if (r.value === undefined && !optional) return setLocal('required');
    setLocal(null);
    if (r.value !== value) onCommit(r.value);
  };
  const bad = issues.length > 0 || local !== null;
  return (
    <div class={`ed-field ${props.class ?? ''}`}>
      <label for={id}>
        {label}
        {unit && <span class="ed-unit"> ({unit})</span>}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellcheck={false}
        data-testid={testId}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={describedBy(local !== null && `${id}-local`, issues.length > 0 && `${id}-issues`)}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        onChange={(e) => commit((e.currentTarget as HTMLInputElement).value)}
      />
      <LocalError message={local} id={`${id}-local`} />
      <IssueList issues={issues} id={`${id}-issues`} />
    </div>
  );
}

export interface TextFieldProps extends FieldBase {
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
  /** Empty means "no value" (undefined). */
  optional?: boolean;
  placeholder?: string;
  multiline?: boolean;
  /**
   * Checks the text before it is committed; a message refuses it (shown at the field). Used by
   * ids, which the store refuses when taken or malformed.
   */
  check?: (text: string) => string | null;
}

export function TextField(props: TextFieldProps) {
  const { label, value, onCommit, optional = false, placeholder, issues = [], testId, disabled, unit, multiline, check } = props;
  const id = useId();
  const [text, setText] = useState(value ?? '');
  const [local, setLocal] = useState<string | null>(null);
  useValueChange(value, () => {
    setText(value ?? '');
    setLocal(null);
  });
  const commit = (raw: string) => {
    if (raw === '' && !optional) {
      setLocal('required');
      return;
    }
    const problem = check?.(raw) ?? null;
    if (problem) {
      setLocal(problem);
      return;
    }
    setLocal(null);
    const next = raw === '' ? undefined : raw;
    if (next !== value) onCommit(next);
  };
  const bad = issues.length > 0 || local !== null;
  const common = {
    id,
    'data-testid': testId,
    value: text,
    placeholder,
    disabled,
    spellcheck: false,
    'aria-invalid': bad ? ('true' as const) : undefined,
    'aria-describedby': describedBy(local !== null && `${id}-local`, issues.length > 0 && `${id}-issues`),
    onInput: (e: Event) => setText((e.currentTarget as HTMLInputElement).value),
    onChange: (e: Event) => commit((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`ed-field ${props.class ?? ''}`}>
      <label for={id}>
        {label}
        {unit && <span class="ed-unit"> ({unit})</span>}
      </label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" autoComplete="off" {...common} />}
      <LocalError message={local} id={`${id}-local`} />
      <IssueList issues={issues} id={`${id}-issues`} />
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends FieldBase {
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
}

export function SelectField({ label, value, options, onChange, issues = [], testId, disabled, unit, class: cls }: SelectFieldProps) {
  const id = useId();
  // A value the options do not list (a dangling reference from a file) is shown, not hidden.
  const list = options.some((o) => o.value === value) ? options : [...options, { value, label: `${value} (unknown)` }];
  return (
    <div class={`ed-field ${cls ?? ''}`}>
      <label for={id}>
        {label}
        {unit && <span class="ed-unit"> ({unit})</span>}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        disabled={disabled}
        aria-invalid={issues.length > 0 ? 'true' : undefined}
        aria-describedby={issues.length > 0 ? `${id}-issues` : undefined}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {list.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <IssueList issues={issues} id={`${id}-issues`} />
    </div>
  );
}

export interface CheckboxFieldProps extends FieldBase {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckboxField({ label, checked, onChange, issues = [], testId, disabled, class: cls }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div class={`ed-field ed-check ${cls ?? ''}`}>
      <input
        id={id}
        type="checkbox"
        data-testid={testId}
        checked={checked}
        disabled={disabled}
        aria-describedby={issues.length > 0 ? `${id}-issues` : undefined}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
      <IssueList issues={issues} id={`${id}-issues`} />
    </div>
  );
}

/** A titled group of fields. */
export function Section({ title, children, actions, issues = [], testId }: {
  title: string;
  children?: ComponentChildren;
  actions?: ComponentChildren;
  issues?: readonly Issue[];
  testId?: string;
}) {
  return (
    <fieldset class="ed-section" data-testid={testId}>
      <legend>{title}</legend>
      {actions && <div class="ed-section-actions">{actions}</div>}
      <IssueList issues={issues} />
      {children}
    </fieldset>
  );
}
